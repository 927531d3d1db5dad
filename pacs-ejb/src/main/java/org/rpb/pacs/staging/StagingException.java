package org.rpb.pacs.staging;

/**
 * A staging or copy run could not start or go on as a whole (source PACS unreachable or refusing the
 * query, nothing to copy, spool folder not writable). Failures of single instances are not thrown:
 * they are reported per instance. The message names the node, operation and status, never patient data.
 */
public class StagingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong @param cause the underlying failure, or null */
    public StagingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what went wrong */
    public StagingException(String message) {
        super(message);
    }
}
