package org.rpb.pacs.job;

import java.io.IOException;
import java.util.logging.Logger;

import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.job.lease.JobLeaseService;
import org.rpb.pacs.core.io.FileTrees;

/**
 * Keeps a job's row in step with its batch executions, for every kind of job: an execution that begins marks the
 * row running (with its batch instance and execution, and the user it runs as); one that ends gives the row its
 * state and outcome. A stopped execution says who stopped it: {@value #CANCELLED} when a user cancelled it,
 * {@value #INTERRUPTED} when the server stopped it on shutdown ({@link JobRecovery} resumes it at the next start).
 * A completed upload's folder is deleted here: until then its raw files stay for a retry or a resume.
 *
 * <p><b>One node per job.</b> An execution begins only on the node that claims the job's lease
 * ({@link JobLeaseService#claim}); on another node's live hold it fails at once, before it touches anything, and
 * leaves the job's row to that node. At its end it writes the row only while this node still holds the lease (a
 * job that another node took over ends here silently), then releases the lease, except after an interruption by a
 * shutdown: that hold is left to expire, so that another node (or this one, started again) resumes the job.
 */
@jakarta.enterprise.context.Dependent
@Named("jobEnd")
public class JobEnd extends AbstractJobListener {
    /** Exit status of a job a user cancelled. */
    public static final String CANCELLED = "CANCELLED";
    /** Exit status of a job the server stopped on shutdown. */
    public static final String INTERRUPTED = "INTERRUPTED";
    /** Exit status of a job whose every instance is verified (and which is recorded). */
    public static final String VERIFIED = "VERIFIED";

    private static final Logger LOG = Logger.getLogger(JobEnd.class.getName());

    @Inject
    private JobContext job;

    @EJB
    private JobService jobs;

    @EJB
    private JobLeaseService leases;

    @Inject
    private LocalExecutions local;

    @Override
    public void beforeJob() {
        JobParameters p = JobParameters.of(BatchRuntime.getJobOperator().getParameters(job.getExecutionId()));
        if (!leases.claim(p.leaseKey())) {
            // another node runs the job: this execution fails before it touches anything, the row stays theirs
            throw new JobTakenOverException(p.jobId());
        }
        local.begins(p.leaseKey(), job.getExecutionId());
        jobs.started(p.jobId(), job.getInstanceId(), job.getExecutionId(), leases.node());
    }

    @Override
    public void afterJob() {
        String key;
        try {
            key = JobParameters.of(BatchRuntime.getJobOperator().getParameters(job.getExecutionId())).leaseKey();
            local.ended(key, job.getExecutionId());
            if (!leases.stillHolds(key)) {
                LOG.info(() -> "job execution " + job.getExecutionId() + " ended on node " + leases.node()
                        + ", which no longer holds the job: its row is left to the node that does");
                return;
            }
        } catch (RuntimeException shuttingDown) {
            // the lease store or the module is going away: write what can be written, the lease expires
            key = null;
        }
        String held = key;
        BatchStatus s = job.getBatchStatus();
        JobState state;
        if (s == BatchStatus.STOPPING || s == BatchStatus.STOPPED) {
            boolean byUser;
            try {
                byUser = local.cancelled(job.getExecutionId());
            } catch (RuntimeException shuttingDown) {
                // the module is being stopped: that is no cancel
                byUser = false;
            }
            job.setExitStatus(byUser ? CANCELLED : INTERRUPTED);
            state = byUser ? JobState.CANCELLED : JobState.INTERRUPTED;
        } else if (s == BatchStatus.COMPLETED && String.valueOf(job.getExitStatus()).startsWith(VERIFIED)) {
            state = JobState.COMPLETED;
        } else {
            state = JobState.FAILED;
        }
        String outcome = job.getExitStatus() == null || job.getExitStatus().equals(s.name())
                ? (state == JobState.FAILED ? JobFailure.exitStatus(null) : s.name()) : job.getExitStatus();
        try {
            JobParameters p = JobParameters.of(BatchRuntime.getJobOperator().getParameters(job.getExecutionId()));
            jobs.ended(p.jobId(), state, outcome);
            if (state == JobState.FAILED) {
                // the job's ID and kind only: the reason may name UIDs of the job's scope, shown on its pages
                LOG.warning(() -> p.type().name().toLowerCase(java.util.Locale.ROOT) + " job " + p.jobId()
                        + " failed; the reason is on the jobs page");
            }
            if (state == JobState.COMPLETED && p.type() == JobType.UPLOAD) {
                FileTrees.delete(JobFolders.upload(p.jobId()));
            }
            if (state != JobState.INTERRUPTED && held != null) {
                // after the row: a node that finds the job without a lease sees it ended
                leases.release(held);
            }
        } catch (RuntimeException | IOException e) {
            // a server going down may refuse the write: the row stays RUNNING and the recovery resumes the job
            LOG.warning(() -> "job execution " + job.getExecutionId() + " ended " + state + " but its row was not "
                    + "updated (" + e.getClass().getSimpleName() + ")");
        }
    }
}
