package org.rpb.pacs.job;

/** Where a job is. */
public enum JobState {
    /** Recorded, its batch execution not started yet. */
    QUEUED,
    /** An execution runs. */
    RUNNING,
    /** Every instance verified and the study recorded (and linked to its slot, if it has one). */
    COMPLETED,
    /** Ended with failed instances or a reason; a retry goes on from its last checkpoint. */
    FAILED,
    /** A user cancelled it; a retry goes on from its last checkpoint. */
    CANCELLED,
    /** A server stop interrupted it; the next start resumes it from its last checkpoint (or a user retries it). */
    INTERRUPTED;

    /** @return whether no execution of the job runs (it may still be retried unless completed) */
    public boolean ended() {
        return this != QUEUED && this != RUNNING;
    }
}
