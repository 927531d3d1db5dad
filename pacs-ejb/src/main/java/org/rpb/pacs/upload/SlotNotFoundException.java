package org.rpb.pacs.upload;

/**
 * The subject, event or upload slot asked for is not in the caller's active study and site (or does not exist);
 * the two cases are not told apart, so that IDs of other studies reveal nothing.
 */
public final class SlotNotFoundException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param what what was asked for, e.g. "upload slot 12" (IDs only, never patient data) */
    public SlotNotFoundException(String what) {
        super(what + " is not in your active study and site");
    }
}
