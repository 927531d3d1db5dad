package org.rpb.pacs.job;

import java.time.Instant;
import java.util.ArrayList;
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
 * Resumes jobs of every kind (uploads, staging, copies) that a server stop interrupted, from their last checkpoint,
 * shortly after the module started, and answers whether an execution is such an interrupted one. Which executions
 * this node resumes is decided in one place, {@link #resumable(JobOperator)}, so that the claim of jobs by lease
 * for several nodes ({@code pacs_job.owner_node}, {@code lease_expires_at}) can replace it.
 *
 * <p><b>As whom.</b> A batch execution runs as the identity that starts or restarts it, and every check in the job
 * (roles, the job's study and site being open to the user) is that identity's. No user is logged in at start-up,
 * and a {@code @RunAs} identity would be an anonymous principal with a role but no studies, so each execution is
 * restarted as the job's own user ({@link JobParameters#user()}): that user's identity is taken from the
 * application's security domain by name, without credentials ({@link JobUser}). The job then runs as on that user's
 * own retry: a user who lost the role, the study's DICOM tag or the study and site gets a failed job whose outcome
 * says so ({@link JobAccess}), before any PACS is touched; a user the security domain no longer knows gets no
 * restart (logged; another user of the study and site may retry the job from the jobs page).
 *
 * <p><b>One node per job repository</b> (until the lease is used): an execution counts as interrupted when it is
 * still marked running (or stopped by a shutdown) and was created before this deployment started; a second node
 * on the same database would see the first node's jobs so. Set the system property {@value #ENABLED} to
 * {@code false} on every node but one to turn the automatic resume off there. A redeployment in the same JVM counts
 * as a restart; a series the old deployment is still finishing may then run twice at once, which stays harmless
 * because both runs give the same UIDs and skip what is verified.
 */
@Singleton
@Startup
@DependsOn("ModuleReceiver")
@RolesAllowed({Roles.PACS_UPLOAD, Roles.PACS_USER})
public class JobRecovery {
    private static final Logger LOG = Logger.getLogger(JobRecovery.class.getName());
    /** System property: {@code false} turns the automatic resume at start-up off (default {@code true}). */
    public static final String ENABLED = "pacs.jobs.recovery";
    /** JBeret's restart mode parameter: {@code force} marks a running execution FAILED and restarts it. */
    static final String RESTART_MODE = "jberet.restart.mode";
    private static final Set<BatchStatus> RUNNING = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED,
            BatchStatus.STOPPING);
    /** The batch jobs of the engine. */
    private static final Set<String> JOB_NAMES = Set.of(JobType.UPLOAD.batchJobName(), JobType.STAGE.batchJobName());
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

    /** Restarts every interrupted execution this node resumes; one that cannot be restarted is logged. */
    @Timeout
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void recover() {
        JobOperator op = BatchRuntime.getJobOperator();
        int leftovers = JobFolders.deleteSpoolLeftovers(startedAt);
        if (leftovers > 0) {
            LOG.info(() -> "Deleted " + leftovers + " staging spool folders of series interrupted by a server stop");
        }
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED, "true"))) {
            LOG.info(() -> "Interrupted jobs are not resumed automatically (" + ENABLED + "=false)");
            return;
        }
        for (long execution : resumable(op)) {
            try {
                String user = JobParameters.of(op.getParameters(execution)).user();
                // restarted as the job's user: JBeret runs the new execution as the identity that restarts it
                Optional<Long> restarted = JobUser.runAs(user, () -> restart(op, execution, user));
                if (restarted.isEmpty()) {
                    LOG.warning(() -> "Job execution " + execution + " was interrupted by a server stop and is not "
                            + "resumed: the security domain gave no identity for its user (unknown now, or may not "
                            + "log in); another user of its study and site can retry it from the jobs page");
                    continue;
                }
                long next = restarted.get();
                LOG.info(() -> "Job execution " + execution + " was interrupted by a server stop; restarted from its "
                        + "last checkpoint as execution " + next);
            } catch (RuntimeException e) {
                // the exception text may quote job parameters: only its type is logged
                LOG.log(Level.WARNING, "Job execution {0} was interrupted by a server stop and could not be "
                        + "restarted ({1}); it can be retried from the jobs page",
                        new Object[] {execution, e.getClass().getName()});
            }
        }
    }

    /**
     * The one decision which interrupted executions this node resumes at start-up: today every interrupted one
     * (one node per database); with several nodes, those whose job's lease expired and that this node claimed.
     *
     * @param op the job operator
     * @return the executions to restart, oldest first
     */
    List<Long> resumable(JobOperator op) {
        List<Long> out = new ArrayList<>();
        for (long execution : candidates(op)) {
            if (interrupted(op, execution)) {
                out.add(execution);
            }
        }
        return out;
    }

    /**
     * Whether an execution was left running by an earlier server process, so that nothing runs it now and
     * it may be restarted (see the class comment for the one-node assumption).
     *
     * @param executionId a job execution
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
        LOG.info(() -> "Interrupted job execution " + executionId + " retried as execution " + next);
        return next;
    }

    /**
     * Notes that a user stops an execution, before the stop is sent (see {@link JobEnd}).
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
                && JobEnd.INTERRUPTED.equals(e.getExitStatus()));
        if (!JOB_NAMES.contains(e.getJobName()) || !stale
                || e.getCreateTime() == null || !e.getCreateTime().toInstant().isBefore(startedAt)) {
            return false;
        }
        List<JobExecution> all = op.getJobExecutions(op.getJobInstance(executionId));
        return all.stream().mapToLong(JobExecution::getExecutionId).max().orElse(-1) == executionId;
    }

    /** STARTING and STARTED executions (any age), STOPPING and STOPPED ones among the newest job instances. */
    private static Set<Long> candidates(JobOperator op) {
        Set<Long> out = new TreeSet<>();
        for (String name : JOB_NAMES) {
            try {
                out.addAll(op.getRunningExecutions(name));
                for (JobInstance i : op.getJobInstances(name, 0, STOPPING_SCAN)) {
                    for (JobExecution e : op.getJobExecutions(i)) {
                        if (e.getBatchStatus() == BatchStatus.STOPPING || e.getBatchStatus() == BatchStatus.STOPPED) {
                            out.add(e.getExecutionId());
                        }
                    }
                }
            } catch (NoSuchJobException neverRun) {
                // the repository has no such job yet
            }
        }
        return out;
    }

    /**
     * The original parameters in full (JBeret stores no defaults of a Properties) with the given user as the job's
     * user, plus the force mode; the new execution runs as the current identity, which must be that user's.
     */
    private static long restart(JobOperator op, long executionId, String user) {
        Properties p = JobParameters.of(op.getParameters(executionId)).withUser(user).toProperties();
        p.setProperty(RESTART_MODE, "force");
        return op.restart(executionId, p);
    }
}
