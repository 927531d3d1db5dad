package org.rpb.pacs.upload;

/**
 * An upload could not be completed; the message names the file or the archive and says what to do. Nothing was
 * linked to the slot, and the upload can be retried.
 */
public final class UploadFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong (no patient data) */
    public UploadFailedException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong (no patient data)
     * @param cause   the underlying failure
     */
    public UploadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
