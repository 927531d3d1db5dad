package org.rpb.pacs.job.lease;

/** The lease table could not be read or written (the database is unreachable, the schema is missing). */
public class LeaseStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LeaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
