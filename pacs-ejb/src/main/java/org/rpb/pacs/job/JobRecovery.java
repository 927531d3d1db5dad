package org.rpb.pacs.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

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
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.rpb.pacs.job.lease.JobLeaseService;
import org.rpb.pacs.security.Roles;

/**
 * Resumes jobs of every kind (uploads, staging, copies) whose node stopped (a server stop on this node, or another
 * node of the cluster that died) from their last checkpoint, and answers whether an execution is such an
 * interrupted one. Which jobs this node resumes is decided by the job leases ({@link JobLeaseService}, issue 14):
 * shortly after start-up the jobs this node's previous process held ({@link JobLeaseService#adoptOwn()}), then,
 * at start-up and every {@value #PERIOD_PROPERTY} seconds (default 15), the jobs whose node stopped renewing its
 * lease ({@link JobLeaseService#takeOverExpired(int)}). With a lease of 30 s a dead node's jobs are resumed on
 * another node within 45 s. A node that comes back finds its holds taken over and runs none of those jobs again.
 * Jobs still marked running in the job repository without any lease (of a module version before leases, or
 * interrupted before their execution claimed them) are claimed like any other at start-up, when they were created
 * before this deployment started.
 *
 * <p><b>As whom.</b> A batch execution runs as the identity that starts or restarts it, and every check in the job
 * (roles, the job's study and site being open to the user) is that identity's. No user is logged in at start-up,
 * and a {@code @RunAs} identity would be an anonymous principal with a role but no studies, so each execution is
 * restarted as the job's own user ({@link JobParameters#user()}): that user's identity is taken from the
 * application's security domain by name, without credentials ({@link JobUser}). The job then runs as on that user's
 * own retry: a user who lost the role, the study's DICOM tag or the study and site gets a failed job whose outcome
 * says so ({@link JobAccess}), before any PACS is touched; a user the security domain no longer knows gets no
 * restart (logged, the lease released; another user of the study and site may retry the job from the jobs page).
 *
 * <p>Set the system property {@value #ENABLED} to {@code false} to turn the automatic resume off on a node (it
 * then neither adopts nor takes over; a user's retry resumes a job whose lease is not held by another node).
 * A job whose lease another node takes over while it still runs here (this node was cut off from the database
 * longer than the lease) is stopped here ({@link LocalExecutions}); nothing is marked for it.
 */
@Singleton
@Startup
@DependsOn({"ModuleReceiver", "JobLeaseService"})
// its state is concurrent collections: job listeners call it while a scan runs
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@RolesAllowed({Roles.PACS_UPLOAD, Roles.PACS_USER})
public class JobRecovery {
    private static final Logger LOG = Logger.getLogger(JobRecovery.class.getName());
    /** System property: {@code false} turns the automatic resume at start-up off (default {@code true}). */
    public static final String ENABLED = "pacs.jobs.recovery";
    /** System property: seconds between two scans for jobs whose node stopped renewing its lease (default 15). */
    public static final String PERIOD_PROPERTY = "pacs.jobs.takeover.seconds";
    /** JBeret's restart mode parameter: {@code force} marks a running execution FAILED and restarts it. */
    static final String RESTART_MODE = "jberet.restart.mode";
    private static final Set<BatchStatus> RUNNING = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED,
            BatchStatus.STOPPING);
    /** The batch jobs of the engine. */
    private static final Set<String> JOB_NAMES = Set.of(JobType.UPLOAD.batchJobName(), JobType.STAGE.batchJobName());
    /** How many of the newest job instances are searched for executions stopped by a shutdown. */
    private static final int STOPPING_SCAN = 500;
    /** How many expired jobs one scan takes over at most (the rest wait for the next scan or another node). */
    private static final int TAKEOVER_BATCH = 20;
    /** Delay after start-up, so that the deployment (receiver, CDI, pages) is complete when jobs resume. */
    private static final long DELAY_MILLIS = 3000;

    @Resource
    private TimerService timers;

    @Resource
    private SessionContext session;

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private DataSource dataSource;

    @EJB
    private JobLeaseService leases;

    private Instant startedAt;
    private final AtomicBoolean firstScan = new AtomicBoolean(true);

    @Inject
    private LocalExecutions local;

    @PostConstruct
    void schedule() {
        startedAt = Instant.now();
        long period = periodSeconds() * 1000;
        timers.createIntervalTimer(DELAY_MILLIS, period, new TimerConfig(null, false));
    }

    /**
     * At the first scan: deletes this node's spool leftovers, adopts this node's own holds and claims jobs without
     * a lease; at every scan: takes over expired holds. Restarts each job got; one that cannot be restarted is
     * logged and its lease released.
     */
    @Timeout
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void recover() {
        JobOperator op = BatchRuntime.getJobOperator();
        boolean first = firstScan.getAndSet(false);
        if (first) {
            int leftovers = JobFolders.deleteSpoolLeftovers(startedAt);
            if (leftovers > 0) {
                LOG.info(() -> "Deleted " + leftovers + " staging spool folders of series interrupted by a server stop");
            }
        }
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED, "true"))) {
            if (first) {
                LOG.info(() -> "Interrupted jobs are not resumed automatically (" + ENABLED + "=false)");
            }
            return;
        }
        // each job got, with the execution found without a lease (null: the job's row names its execution)
        Map<String, Long> got = new LinkedHashMap<>();
        try {
            if (first) {
                leases.adoptOwn().forEach(k -> got.put(k, null));
                for (long execution : resumable(op)) {
                    JobService.parameters(op, execution).map(JobParameters::leaseKey)
                            .filter(k -> !got.containsKey(k) && leases.claim(k)).ifPresent(k -> got.put(k, execution));
                }
            }
            leases.takeOverExpired(TAKEOVER_BATCH).forEach(k -> got.putIfAbsent(k, null));
        } catch (RuntimeException e) {
            // the database is away: the next scan tries again
            LOG.log(Level.WARNING, "Could not scan the job leases ({0})", e.getClass().getName());
        }
        got.forEach((key, execution) -> {
            if (local.of(key).isEmpty()) {
                resume(op, key, execution);
            } // else it runs here already (this node's own hold had expired before it renewed it): keep it
        });
    }

    /** Restarts the latest execution of a job this node now holds, or releases the hold of a job that ended. */
    private void resume(JobOperator op, String key, Long found) {
        long execution;
        try {
            // an execution interrupted before it began has no row entry yet: then the one found in the repository
            Optional<Long> latest = latestExecution(op, Long.parseLong(key)).or(() -> Optional.ofNullable(found));
            if (latest.isEmpty() || !stale(op.getJobExecution(latest.get()))) {
                // never ran, or ended (its node stopped between the end and the release): nothing to resume
                leases.release(key);
                return;
            }
            execution = latest.get();
        } catch (RuntimeException | SQLException e) {
            LOG.log(Level.WARNING, "Job {0} could not be looked up for its resume ({1})",
                    new Object[] {key, e.getClass().getName()});
            leases.release(key);
            return;
        }
        try {
            String user = JobParameters.of(op.getParameters(execution)).user();
            // restarted as the job's user: JBeret runs the new execution as the identity that restarts it
            Optional<Long> restarted = JobUser.runAs(user, () -> restart(op, execution, user));
            if (restarted.isEmpty()) {
                leases.release(key);
                LOG.warning(() -> "Job execution " + execution + " was interrupted by a server stop and is not "
                        + "resumed: the security domain gave no identity for its user (unknown now, or may not "
                        + "log in); another user of its study and site can retry it from the jobs page");
                return;
            }
            long next = restarted.get();
            LOG.info(() -> "Job execution " + execution + " was interrupted by a server stop; restarted from its "
                    + "last checkpoint as execution " + next + " on node " + leases.node());
        } catch (RuntimeException e) {
            leases.release(key);
            // the exception text may quote job parameters: only its type is logged
            LOG.log(Level.WARNING, "Job execution {0} was interrupted by a server stop and could not be "
                    + "restarted ({1}); it can be retried from the jobs page",
                    new Object[] {execution, e.getClass().getName()});
        }
    }

    /**
     * Executions left running by an earlier server process whose job has no lease at all (see the class comment).
     *
     * @param op the job operator
     * @return the executions, oldest first
     */
    List<Long> resumable(JobOperator op) {
        List<Long> out = new ArrayList<>();
        for (long execution : candidates(op)) {
            if (interrupted(op, execution) && JobService.parameters(op, execution)
                    .map(p -> leases.unheld(p.leaseKey())).orElse(false)) {
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
     *         instance's latest execution, was created before this deployment started, and no other node holds its
     *         job's lease
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
        String key = JobParameters.of(op.getParameters(executionId)).leaseKey();
        if (!interrupted(op, executionId) || !leases.claim(key)) {
            throw new IllegalStateException("job execution " + executionId + " is not an interrupted one");
        }
        long next = restart(op, executionId, session.getCallerPrincipal().getName());
        LOG.info(() -> "Interrupted job execution " + executionId + " retried as execution " + next);
        return next;
    }

    private boolean interrupted(JobOperator op, long executionId) {
        JobExecution e = op.getJobExecution(executionId);
        if (!JOB_NAMES.contains(e.getJobName()) || !stale(e)
                || e.getCreateTime() == null || !e.getCreateTime().toInstant().isBefore(startedAt)) {
            return false;
        }
        List<JobExecution> all = op.getJobExecutions(op.getJobInstance(executionId));
        if (all.stream().mapToLong(JobExecution::getExecutionId).max().orElse(-1) != executionId) {
            return false;
        }
        Optional<JobParameters> p = JobService.parameters(op, executionId);
        return p.isPresent() && local.of(p.get().leaseKey()).isEmpty() && !leases.heldElsewhere(p.get().leaseKey());
    }

    /** Marked running, or stopped by a shutdown: nothing ended it. */
    private static boolean stale(JobExecution e) {
        return RUNNING.contains(e.getBatchStatus()) || (e.getBatchStatus() == BatchStatus.STOPPED
                && JobEnd.INTERRUPTED.equals(e.getExitStatus()));
    }

    /** The latest batch execution of a job (by its row's batch instance), if it ever ran. */
    private Optional<Long> latestExecution(JobOperator op, long jobId) throws SQLException {
        Long recorded;
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT batch_execution_id FROM pacs.pacs_job WHERE id = ?")) {
            q.setLong(1, jobId);
            try (ResultSet r = q.executeQuery()) {
                recorded = r.next() ? (Long) r.getObject(1, Long.class) : null;
            }
        }
        if (recorded == null) {
            return Optional.empty();
        }
        return op.getJobExecutions(op.getJobInstance(recorded)).stream().map(JobExecution::getExecutionId)
                .max(Long::compare);
    }

    private static long periodSeconds() {
        String v = System.getProperty(PERIOD_PROPERTY, "15");
        try {
            long s = Long.parseLong(v.trim());
            if (s > 0) {
                return s;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalStateException("system property " + PERIOD_PROPERTY + " must be a positive number of seconds: " + v);
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
