package org.rpb.pacs.job;

/** A job cannot be shown, started, cancelled or retried by the caller; the message says why (no patient data). */
public class JobRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message why */
    public JobRefusedException(String message) {
        super(message);
    }
}
