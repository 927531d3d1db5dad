package org.rpb.pacs.admin;

/** A preview that cannot be computed: the sample is not readable DICOM, or the draft's rules are not valid. */
public class PreviewException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the sample or the rule line, never a patient value */
    public PreviewException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause   the underlying failure
     */
    public PreviewException(String message, Throwable cause) {
        super(message, cause);
    }
}
