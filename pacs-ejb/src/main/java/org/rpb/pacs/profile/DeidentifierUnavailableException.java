package org.rpb.pacs.profile;

/** A study's de-identifier cannot be made: its profile version is gone, its rules do not parse or its key is unreadable. */
public class DeidentifierUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong (no key material, no patient data)
     * @param cause the cause
     */
    public DeidentifierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
