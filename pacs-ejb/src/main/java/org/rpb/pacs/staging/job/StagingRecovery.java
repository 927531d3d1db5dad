package org.rpb.pacs.staging.job;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.rpb.pacs.security.Roles;

/**
 * Resumes the staging and project-copy jobs ({@value StagingJobParameters#JOB_NAME}) that a previous
 * server process left unfinished: when WildFly is killed, crashes or is shut down in the middle of a job,
 * the JDBC job repository still holds its execution as {@code STARTING}, {@code STARTED} or
 * {@code STOPPING}, and nothing runs it any more. An orderly shutdown (SIGTERM, {@code :shutdown}) asks
 * running jobs to stop but by default does not wait for the series to end, so they too stay
 * {@code STARTED}; a shutdown that waits long enough (a suspend timeout) lets them end {@code STOPPED} with
 * the exit status {@value StagingJobEnd#INTERRUPTED} (a user's cancel gives
 * {@value StagingJobEnd#CANCELLED}, and stays stopped until retried). Shortly after the module has started, this bean
 * restarts every such execution from its last checkpoint (the next series; within a series the pipeline
 * skips what is already verified, so nothing is copied twice). Jakarta Batch only restarts
 * {@code STOPPED} or {@code FAILED} executions, so the stale execution is first marked {@code FAILED}
 * (JBeret's {@code jberet.restart.mode=force}) and a new execution of the same job instance is started.
 * Spool folders of series that were running are deleted first ({@link StagingSpool#deleteLeftovers}).
 * The server log names only the execution ids, never a parameter.
 *
 * <p><b>Whom a resumed job runs as.</b> A batch job runs as the identity that started or restarted it, and
 * every role and scope check in it ({@code @RolesAllowed} on the progress store, the receiver and the recorder,
 * the job's study and site being open to the caller) is that identity's. No user is logged in at start-up, and
 * a {@code @RunAs} identity would be an anonymous principal with a role but no studies, so this bean restarts
 * each execution as the job's own user ({@link StagingJobParameters#user()}, the user who started it or retried
 * it last): that user's identity is taken from the application's security domain by name, without credentials
 * ({@link JobUser}), exactly as the realm and role mapping give it now. The job then runs as on that user's own
 * retry: a user who has lost the upload role or the job's study gets a failed job whose exit status says so
 * ({@link StagingJobAccess}); a user the security domain no longer knows gets no restart (the execution is
 * logged and stays as it was; another user of its study and site may retry it from the jobs page, and it then
 * runs as that user).
 *
 * <p><b>One node per job repository.</b> An execution is taken as interrupted when it is still marked
 * running and was created before this deployment started. That holds only if no other server works on
 * the same job repository (the same {@code PacsDS} database): a second node's running jobs would look
 * interrupted here and be run twice. A cluster needs its own ownership of executions (e.g. a node id in
 * the job parameters) before this bean may run on more than one node; until then set the system property
 * {@value #ENABLED} to {@code false} on every node but one (that turns the automatic resume off; users
 * can still retry an interrupted job from the jobs page). A redeployment in the same JVM counts as a
 * restart: WildFly asks the old deployment's jobs to stop, and since it does not wait for them the new
 * deployment resumes them; a series the old deployment is still finishing may then run twice at once,
 * which stays harmless because both runs give the same UIDs and skip what is verified.
 */
@Singleton
@Startup
@DependsOn("ModuleReceiver")
@RolesAllowed({Roles.PACS_UPLOAD, Roles.PACS_USER})
public class StagingRecovery {
    private static final Logger LOG = Logger.getLogger(StagingRecovery.class.getName());
    /** System property: {@code false} turns the automatic resume at start-up off (default {@code true}). */
    public static final String ENABLED = "pacs.staging.recovery";
    /** JBeret's restart mode parameter: {@code force} marks a running execution FAILED and restarts it. */
    static final String RESTART_MODE = "jberet.restart.mode";
    private static final Set<BatchStatus> RUNNING = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED,
            BatchStatus.STOPPING);
    /** How many of the newest job instances are searched for executions stopped by a shutdown. */
    private static final int STOPPING_SCAN = 500;
    /** Delay after start-up, so that the deployment (receiver, CDI, pages) is complete when jobs resume. */
    private static final long DELAY_MILLIS = 3000;

    @Resource
    private TimerService timers;

    @Resource
    private SessionContext session;

    private Instant startedAt;

    /** Executions a user asked to stop in this deployment (so that their end is a cancel, not an interruption). */
    private final Set<Long> cancels = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @PostConstruct
    void schedule() {
        startedAt = Instant.now();
        timers.createSingleActionTimer(DELAY_MILLIS, new TimerConfig(null, false));
    }

    /** Restarts every interrupted staging execution; one that cannot be restarted is logged and left for a retry. */
    @Timeout
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void recover() {
        JobOperator op = BatchRuntime.getJobOperator();
        int leftovers = StagingSpool.deleteLeftovers(startedAt);
        if (leftovers > 0) {
            LOG.info(() -> "Deleted " + leftovers + " staging spool folders of series interrupted by a server stop");
        }
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED, "true"))) {
            LOG.info(() -> "Interrupted staging jobs are not resumed automatically (" + ENABLED + "=false)");
            return;
        }
        if (!op.getJobNames().contains(StagingJobParameters.JOB_NAME)) {
            return;
        }
        for (long execution : candidates(op)) {
            if (!interrupted(op, execution)) {
                continue;
            }
            try {
                String user = StagingJobParameters.of(op.getParameters(execution)).user();
                // restarted as the job's user: JBeret runs the new execution as the identity that restarts it
                Optional<Long> restarted = JobUser.runAs(user, () -> restart(op, execution, user));
                if (restarted.isEmpty()) {
                    LOG.warning(() -> "Staging job execution " + execution + " was interrupted by a server stop and is "
                            + "not resumed: the security domain gave no identity for its user (unknown now, or may not "
                            + "log in); another user of its study and site can retry it from the jobs page");
                    continue;
                }
                long next = restarted.get();
                LOG.info(() -> "Staging job execution " + execution + " was interrupted by a server stop; restarted from "
                        + "its last checkpoint as execution " + next);
            } catch (RuntimeException e) {
                // the exception text may quote job parameters: only its type is logged
                LOG.log(Level.WARNING, "Staging job execution {0} was interrupted by a server stop and could not be "
                        + "restarted ({1}); it can be retried from the jobs page",
                        new Object[] {execution, e.getClass().getName()});
            }
        }
    }

    /**
     * Whether an execution was left running by an earlier server process, so that nothing runs it now and
     * it may be restarted (see the class comment for the one-node assumption).
     *
     * @param executionId a staging job execution
     * @return true if it is marked STARTING, STARTED or STOPPING (or STOPPED by a server shutdown), is its job
     *         instance's latest execution, and was created before this deployment started
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean interrupted(long executionId) {
        return interrupted(BatchRuntime.getJobOperator(), executionId);
    }

    /**
     * Restarts an interrupted execution from its last checkpoint as the caller, who becomes the job's user (the
     * caller has checked {@link #interrupted(long)} and that the job is of the caller's study and site).
     *
     * @param executionId the interrupted execution
     * @return the new execution id
     * @throws IllegalStateException if it is not interrupted
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public long resume(long executionId) {
        JobOperator op = BatchRuntime.getJobOperator();
        if (!interrupted(op, executionId)) {
            throw new IllegalStateException("job execution " + executionId + " is not an interrupted one");
        }
        long next = restart(op, executionId, session.getCallerPrincipal().getName());
        LOG.info(() -> "Interrupted staging job execution " + executionId + " retried as execution " + next);
        return next;
    }

    /**
     * Notes that a user stops an execution, before the stop is sent (see {@link StagingJobEnd}).
     *
     * @param executionId the execution
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public void cancelling(long executionId) {
        cancels.add(executionId);
    }

    /**
     * @param executionId an execution that is stopping
     * @return true if a user asked for the stop in this deployment
     */
    // asked by the job's own listener, which runs as the job's user (every restart, also ours, runs as that user)
    public boolean cancelled(long executionId) {
        return cancels.contains(executionId);
    }

    private boolean interrupted(JobOperator op, long executionId) {
        JobExecution e = op.getJobExecution(executionId);
        boolean stale = RUNNING.contains(e.getBatchStatus()) || (e.getBatchStatus() == BatchStatus.STOPPED
                && StagingJobEnd.INTERRUPTED.equals(e.getExitStatus()));
        if (!StagingJobParameters.JOB_NAME.equals(e.getJobName()) || !stale
                || e.getCreateTime() == null || !e.getCreateTime().toInstant().isBefore(startedAt)) {
            return false;
        }
        List<JobExecution> all = op.getJobExecutions(op.getJobInstance(executionId));
        return all.stream().mapToLong(JobExecution::getExecutionId).max().orElse(-1) == executionId;
    }

    /** STARTING and STARTED executions (any age), STOPPING and STOPPED ones among the newest job instances. */
    private static Set<Long> candidates(JobOperator op) {
        Set<Long> out = new TreeSet<>();
        try {
            out.addAll(op.getRunningExecutions(StagingJobParameters.JOB_NAME));
            for (JobInstance i : op.getJobInstances(StagingJobParameters.JOB_NAME, 0, STOPPING_SCAN)) {
                for (JobExecution e : op.getJobExecutions(i)) {
                    if (e.getBatchStatus() == BatchStatus.STOPPING || e.getBatchStatus() == BatchStatus.STOPPED) {
                        out.add(e.getExecutionId());
                    }
                }
            }
        } catch (NoSuchJobException neverRun) {
            // the repository has no staging job yet
        }
        return out;
    }

    /**
     * The original parameters in full (JBeret stores no defaults of a Properties) with the given user as the job's
     * user, plus the force mode; the new execution runs as the current identity, which must be that user's.
     */
    private static long restart(JobOperator op, long executionId, String user) {
        Properties p = StagingJobParameters.of(op.getParameters(executionId)).withUser(user).toProperties();
        p.setProperty(RESTART_MODE, "force");
        return op.restart(executionId, p);
    }
}
