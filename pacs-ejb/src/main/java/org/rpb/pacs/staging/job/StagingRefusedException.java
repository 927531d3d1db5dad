package org.rpb.pacs.staging.job;

import jakarta.ejb.ApplicationException;

/** A staging or copy request is not allowed in the caller's active study (the message says why). */
@ApplicationException(rollback = true)
public class StagingRefusedException extends org.rpb.pacs.job.JobRefusedException {
    private static final long serialVersionUID = 1L;

    /** @param message why, without patient data */
    public StagingRefusedException(String message) {
        super(message);
    }
}
