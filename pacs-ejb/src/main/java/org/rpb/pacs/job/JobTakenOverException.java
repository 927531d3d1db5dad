package org.rpb.pacs.job;

/**
 * A running job found that this node no longer holds its lease (another node took it over after this node failed
 * to renew in time): the job stops here before it writes a checkpoint or a record, and its chunk rolls back. The
 * node that took it over resumes it from its last checkpoint; this node writes nothing more for it.
 */
public class JobTakenOverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param jobId the job */
    public JobTakenOverException(long jobId) {
        super("job " + jobId + " was taken over by another node: not continued here");
    }
}
