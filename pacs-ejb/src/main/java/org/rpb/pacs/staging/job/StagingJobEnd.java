package org.rpb.pacs.staging.job;

import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Gives a stopped staging job an exit status that says who stopped it: {@value #CANCELLED} when a user
 * cancelled it (it stays stopped until retried), {@value #INTERRUPTED} when the server stopped it on
 * shutdown ({@link StagingRecovery} resumes it at the next start).
 */
@jakarta.enterprise.context.Dependent
@Named("stagingJobEnd")
public class StagingJobEnd extends AbstractJobListener {
    /** Exit status of a job a user cancelled. */
    public static final String CANCELLED = "CANCELLED";
    /** Exit status of a job the server stopped on shutdown. */
    public static final String INTERRUPTED = "INTERRUPTED";

    @Inject
    private JobContext job;

    @EJB
    private StagingRecovery recovery;

    @Override
    public void afterJob() {
        BatchStatus s = job.getBatchStatus();
        if (s != BatchStatus.STOPPING && s != BatchStatus.STOPPED) {
            return;
        }
        boolean byUser;
        try {
            byUser = recovery.cancelled(job.getExecutionId());
        } catch (RuntimeException shuttingDown) {
            // the module is being stopped: that is no cancel
            byUser = false;
        }
        job.setExitStatus(byUser ? CANCELLED : INTERRUPTED);
    }
}
