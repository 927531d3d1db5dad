package org.rpb.pacs.upload;

/**
 * The user's confirmation of an upload cannot be carried out as asked: a blocking finding, damaged files the user
 * has not agreed to leave out, or a slot that holds a study while replacing was not confirmed. The message says
 * which and what to do; nothing was started.
 */
public final class UploadRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message the reason, for the user (no patient data) */
    public UploadRefusedException(String message) {
        super(message);
    }
}
