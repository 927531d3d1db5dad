package org.rpb.pacs.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.download.ResearchArchiveLocator;
import org.rpb.pacs.job.internal.JobEntity;
import org.rpb.pacs.job.internal.JobInstanceEntity;
import org.rpb.pacs.job.lease.JobLeaseService;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.security.Roles;

/**
 * The one job engine's bookkeeping and controls, for uploads, staging into Study0 and project copies alike: one row
 * per job (its one ID) with its scope, user, profile version, state, counts, outcome and batch job instance, and
 * one row per instance with its state and reason.
 *
 * <p>Two sides. The pages and the API ({@link #status}, {@link #jobs}, {@link #instances}, {@link #cancel},
 * {@link #retry}) see only jobs of the caller's active study and site. The running job ({@link #started},
 * {@link #plan}, {@link #record}, {@link #ended}) names its row by the ID in its {@link JobParameters} and never
 * reads an active scope; each of those writes commits on its own, so the pages see progress at once and a crash
 * keeps what was done.
 */
@Stateless
public class JobService {

    /** Reasons are cut to the column's size. */
    private static final int REASON = 1000;

    @Resource
    private SessionContext session;

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private DataSource dataSource;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private JobRecovery recovery;

    @EJB
    private ResearchArchiveLocator archives;

    @EJB
    private JobLeaseService leases;

    @Inject
    private LocalExecutions local;

    /**
     * Records a new job of the caller's active study and site, queued, as the caller's; committed at once so that
     * its batch execution (another thread) finds it.
     *
     * @param type what it does
     * @param pid its subject's PID
     * @param slotId the slot it fills, or null
     * @param profileVersion the profile version it keeps
     * @param sourceStudyUid the source study of a staging or copy job, or null
     * @return its ID
     * @throws JobRefusedException if the caller has no active study, or it collects no DICOM data
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public long create(JobType type, String pid, Long slotId, int profileVersion, String sourceStudyUid)
            throws JobRefusedException {
        ActiveScope s = active();
        JobEntity e = new JobEntity(type, s.study().code(), s.site().code(), caller(), LocalDateTime.now(),
                profileVersion, pid, slotId, sourceStudyUid);
        em.persist(e);
        em.flush();
        return e.getId();
    }

    /**
     * Starts a recorded job's first batch execution.
     *
     * @param p its parameters (with its ID)
     * @return the execution ID
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public long start(JobParameters p) {
        return operator().start(p.type().batchJobName(), p.toProperties());
    }

    /**
     * A batch execution of the job begins, as the caller (who becomes the job's user).
     *
     * @param jobId the job
     * @param instanceId its batch job instance
     * @param executionId the execution
     * @param node the node that runs it (and holds its lease)
     */
    // the job's own listener, also when its user lost the upload role: the row must still tell the refusal
    @RolesAllowed({Roles.PACS_USER, Roles.PACS_UPLOAD})
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void started(long jobId, long instanceId, long executionId, String node) {
        row(jobId).started(instanceId, executionId, caller(), node);
    }

    /**
     * The job's execution ended or stopped.
     *
     * @param jobId the job
     * @param end its state
     * @param outcome why (cut to 512 characters)
     */
    // the job's own listener, also when its user lost the upload role: the row must still tell the refusal
    @RolesAllowed({Roles.PACS_USER, Roles.PACS_UPLOAD})
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void ended(long jobId, JobState end, String outcome) {
        String why = outcome == null || outcome.length() <= 512 ? outcome : outcome.substring(0, 512);
        row(jobId).ended(end, why, LocalDateTime.now());
    }

    /**
     * Lists the instances a job will work on, as {@link InstanceState#PENDING} rows; instances it knows already
     * (a resume, a retry) keep their state.
     *
     * @param jobId the job
     * @param instances its instances
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void plan(long jobId, List<InstanceProgress> instances) {
        write(jobId, instances, false);
    }

    /**
     * Records the new states of some instances of a job in one transaction (one batch of the job's listener).
     *
     * @param jobId the job
     * @param progress the instances' new states, in the order they happened (the last one of an instance wins)
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(long jobId, List<InstanceProgress> progress) {
        // the last step of each instance is its state (the listener may send several steps of one in a batch)
        Map<String, InstanceProgress> last = new LinkedHashMap<>();
        progress.forEach(p -> last.put(p.sourceSopInstanceUid(), p));
        write(jobId, List.copyOf(last.values()), true);
    }

    /** Updates the instances' rows (if {@code update}) and inserts those without one, then recounts the job. */
    private void write(long jobId, List<InstanceProgress> rows, boolean update) {
        Timestamp now = Timestamp.valueOf(LocalDateTime.now());
        String caller = caller();
        try (Connection c = dataSource.getConnection()) {
            // only the job's own execution (which runs as the job's user) writes its progress: the recount at the end
            // names the job and its user, and when it finds no such row the whole batch rolls back (this runs for
            // every batch of every running job, so the check costs no round trip of its own)
            List<InstanceProgress> missing = new ArrayList<>();
            if (update) {
                try (PreparedStatement u = c.prepareStatement("UPDATE pacs.pacs_job_instance SET state = ?, "
                        + "error_text = ?, updated_at = ?, target_sop_uid = COALESCE(?, target_sop_uid), "
                        + "source_series_uid = COALESCE(?, source_series_uid) WHERE job_id = ? AND source_sop_uid = ?")) {
                    for (InstanceProgress p : rows) {
                        u.setString(1, p.state().name());
                        u.setString(2, reason(p));
                        u.setTimestamp(3, now);
                        u.setString(4, emptyAsNull(p.targetSopInstanceUid()));
                        u.setString(5, emptyAsNull(p.sourceSeriesInstanceUid()));
                        u.setLong(6, jobId);
                        u.setString(7, p.sourceSopInstanceUid());
                        u.addBatch();
                    }
                    int[] counts = u.executeBatch();
                    for (int k = 0; k < counts.length; k++) {
                        if (counts[k] == 0) {
                            missing.add(rows.get(k));
                        }
                    }
                }
            } else {
                Set<String> known = new HashSet<>();
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT source_sop_uid FROM pacs.pacs_job_instance WHERE job_id = ?")) {
                    q.setLong(1, jobId);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            known.add(rs.getString(1));
                        }
                    }
                }
                rows.stream().filter(p -> !known.contains(p.sourceSopInstanceUid())).forEach(missing::add);
            }
            if (!missing.isEmpty()) {
                try (PreparedStatement i = c.prepareStatement("INSERT INTO pacs.pacs_job_instance (job_id, "
                        + "source_sop_uid, source_series_uid, target_sop_uid, state, error_text, updated_at) "
                        + "VALUES (?,?,?,?,?,?,?)")) {
                    for (InstanceProgress p : missing) {
                        i.setLong(1, jobId);
                        i.setString(2, p.sourceSopInstanceUid());
                        i.setString(3, emptyAsNull(p.sourceSeriesInstanceUid()));
                        i.setString(4, emptyAsNull(p.targetSopInstanceUid()));
                        i.setString(5, p.state().name());
                        i.setString(6, reason(p));
                        i.setTimestamp(7, now);
                        i.addBatch();
                    }
                    i.executeBatch();
                }
            }
            // the counters are the rows' states, so a resume or retry never counts an instance twice
            try (PreparedStatement u = c.prepareStatement("UPDATE pacs.pacs_job SET state = CASE WHEN state = 'QUEUED' "
                    + "THEN 'RUNNING' ELSE state END, (total, retrieved, deidentified, stored, verified, failed) = "
                    + "(SELECT COUNT(*), "
                    + "COALESCE(SUM(CASE WHEN state IN ('RETRIEVED','DEIDENTIFIED','STORED','VERIFIED') THEN 1 END), 0), "
                    + "COALESCE(SUM(CASE WHEN state IN ('DEIDENTIFIED','STORED','VERIFIED') THEN 1 END), 0), "
                    + "COALESCE(SUM(CASE WHEN state IN ('STORED','VERIFIED') THEN 1 END), 0), "
                    + "COALESCE(SUM(CASE WHEN state = 'VERIFIED' THEN 1 END), 0), "
                    + "COALESCE(SUM(CASE WHEN state = 'FAILED' THEN 1 END), 0) "
                    + "FROM pacs.pacs_job_instance WHERE job_id = ?) WHERE id = ? AND run_by = ?")) {
                u.setLong(1, jobId);
                u.setLong(2, jobId);
                u.setString(3, caller);
                if (u.executeUpdate() == 0) {
                    throw refusal(c, jobId);
                }
            }
        } catch (SQLException e) {
            throw new EJBException("cannot record the progress of job " + jobId, e);
        }
    }

    /** Why a progress batch found no row of its job run by its caller (a system exception: the batch rolls back). */
    private static RuntimeException refusal(Connection c, long jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pacs.pacs_job WHERE id = ?")) {
            q.setLong(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new jakarta.ejb.EJBAccessException("job " + jobId + " runs as another user")
                        : new IllegalArgumentException("no job " + jobId);
            }
        }
    }

    private static String emptyAsNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String reason(InstanceProgress p) {
        String r = p.reason();
        return r.isEmpty() ? null : r.length() > REASON ? r.substring(0, REASON) : r;
    }

    /**
     * @param jobId a job
     * @return its status, if it is in the active study and site
     * @throws JobRefusedException if it is not, or the caller has no active study
     */
    @RolesAllowed(Roles.PACS_USER)
    public JobStatus status(long jobId) throws JobRefusedException {
        return inScope(jobId).toStatus();
    }

    /**
     * Waits while a job of the caller's active study and site is {@code unchanged} and has not ended, at most
     * {@code maxMillis}, reading only its row every {@code lookMillis}: the scope is checked once, at the start (a
     * page following a job asks again at once, so a check per look would cost more than the look itself). Outside
     * a transaction, so that every look reads the row as the running job last wrote it.
     *
     * @param jobId a job
     * @param unchanged true for a status the caller already knows
     * @param maxMillis the longest wait
     * @param lookMillis how often the row is read
     * @return its status when it changed, ended, or the wait is over
     * @throws JobRefusedException if it is not a job of the active study and site, or the caller has no active study
     * @throws InterruptedException if the waiting thread is interrupted
     */
    @RolesAllowed(Roles.PACS_USER)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public JobStatus awaitChange(long jobId, java.util.function.Predicate<JobStatus> unchanged, long maxMillis,
            long lookMillis) throws JobRefusedException, InterruptedException {
        JobStatus s = inScope(jobId).toStatus();
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (!s.state().ended() && unchanged.test(s) && System.nanoTime() < until) {
            Thread.sleep(lookMillis);
            JobEntity e = em.find(JobEntity.class, jobId);
            if (e == null) {
                throw new JobRefusedException("job " + jobId + " is gone");
            }
            s = e.toStatus();
        }
        return s;
    }

    /**
     * @param jobId a job
     * @return its status if it is in the caller's active study and site, else empty
     */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<JobStatus> job(long jobId) {
        try {
            return Optional.of(status(jobId));
        } catch (JobRefusedException e) {
            return Optional.empty();
        }
    }

    /**
     * @param max how many at most
     * @return the jobs of the active study and site, newest first
     * @throws JobRefusedException if the caller has no active study
     * @throws org.rpb.pacs.portal.DicomNotEnabledException if it collects no DICOM data (as every service)
     */
    @RolesAllowed(Roles.PACS_USER)
    public List<JobStatus> jobs(int max) throws JobRefusedException {
        ActiveScope s = active();
        return em.createQuery("""
                select j from JobEntity j where j.studyCode = :study and j.siteCode = :site order by j.id desc""",
                JobEntity.class).setParameter("study", s.study().code()).setParameter("site", s.site().code())
                .setMaxResults(max).getResultList().stream().map(JobEntity::toStatus).toList();
    }

    /**
     * @param jobId a job of the active study and site
     * @param onlyFailed true for its failed instances only
     * @return its instances by series and source UID; the source UIDs of a staging job (clinical UIDs) are blank
     *         for callers who may neither look up nor stage
     * @throws JobRefusedException if it is not in the active study and site
     */
    @RolesAllowed(Roles.PACS_USER)
    public List<InstanceProgress> instances(long jobId, boolean onlyFailed) throws JobRefusedException {
        JobEntity job = inScope(jobId);
        boolean visible = job.getType() != JobType.STAGE || session.isCallerInRole(Roles.PACS_LOOKUP)
                || session.isCallerInRole(Roles.PACS_UPLOAD);
        return em.createQuery("select i from JobInstanceEntity i where i.jobId = :job"
                + " order by i.sourceSeriesUid, i.sourceSopUid", JobInstanceEntity.class).setParameter("job", jobId)
                .getResultStream().map(JobInstanceEntity::toProgress)
                .filter(p -> !onlyFailed || p.state() == InstanceState.FAILED)
                .map(p -> p.visibleTo(visible)).toList();
    }

    /**
     * Stops a running job after the series (or batch of instances) in progress; a retry goes on from there. Through
     * any node of a cluster: a job that another node runs is marked in its lease, and that node stops it within
     * seconds ({@link JobLeaseService#requestCancel}); this call does not wait for the stop.
     *
     * @param jobId a job of the active study and site
     * @throws JobRefusedException if it is not in the active study and site
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public void cancel(long jobId) throws JobRefusedException {
        JobEntity job = inScope(jobId);
        Long exec = job.getBatchExecutionId();
        if (exec == null) {
            return;
        }
        JobOperator op = operator();
        BatchStatus st = op.getJobExecution(exec).getBatchStatus();
        if (st == BatchStatus.STARTING || st == BatchStatus.STARTED) {
            String key = parameters(op, exec).map(JobParameters::leaseKey).orElse(Long.toString(jobId));
            Optional<Long> here = local.of(key);
            if (here.isPresent()) {
                local.cancel(here.get());
            } else if (!leases.requestCancel(key)) {
                // no node runs it (left running by a stopped node): stopped here, as on a single node
                local.cancel(exec);
            }
        }
    }

    /**
     * Retries a job as the caller, who becomes its user: a stopped, failed or interrupted execution restarts from
     * its last checkpoint; a completed staging or copy job with failed instances runs again (what is verified is
     * skipped). Always with the job's own parameters (its study, site, subject and profile version).
     *
     * @param jobId a job of the active study and site
     * @return the new execution ID
     * @throws JobRefusedException if it is not in the active study and site, still runs, or is an upload that
     *         completed (its files are gone)
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public long retry(long jobId) throws JobRefusedException {
        JobEntity job = inScope(jobId);
        Long exec = job.getBatchExecutionId();
        if (exec == null) {
            throw new JobRefusedException("job " + jobId + " was run by an earlier module version; start it again");
        }
        JobOperator op = operator();
        JobParameters p;
        try {
            p = JobParameters.of(op.getParameters(exec)).withUser(caller());
            if (p.type() == JobType.UPLOAD) {
                // an upload waits for the research PACS: a retry stores into the one configured now
                p = p.withArchive(archives.node());
            }
        } catch (IllegalArgumentException e) {
            throw new JobRefusedException("job " + jobId + " was run by an earlier module version; start it again");
        }
        BatchStatus st = op.getJobExecution(exec).getBatchStatus();
        boolean ended = st == BatchStatus.STOPPED || st == BatchStatus.FAILED || st == BatchStatus.COMPLETED
                || st == BatchStatus.ABANDONED;
        if (!ended && !recovery.interrupted(exec)) {
            throw new JobRefusedException("job " + jobId + " is still running");
        }
        if (p.type() == JobType.UPLOAD && st == BatchStatus.COMPLETED) {
            throw new JobRefusedException("upload job " + jobId + " has completed; upload the files again");
        }
        // queued until its execution begins, so that a page or test following the job does not see the old end
        job.queued();
        em.flush();
        if (p.type() == JobType.UPLOAD) {
            // after the row's update, which waits for a retention sweep that holds the row while it deletes the files
            Optional<String> gone = JobFolders.uploadFilesMissing(jobId);
            if (gone.isPresent()) {
                session.setRollbackOnly();
                throw new JobRefusedException(gone.get());
            }
        }
        if (st == BatchStatus.STOPPED || st == BatchStatus.FAILED) {
            return op.restart(exec, p.toProperties());
        }
        if (ended) {
            return op.start(p.type().batchJobName(), p.toProperties());
        }
        return recovery.resume(exec);
    }

    private JobEntity row(long jobId) {
        JobEntity e = em.find(JobEntity.class, jobId);
        if (e == null) {
            throw new IllegalArgumentException("no job " + jobId);
        }
        return e;
    }

    private JobEntity inScope(long jobId) throws JobRefusedException {
        ActiveScope s = active();
        JobEntity e = em.find(JobEntity.class, jobId);
        if (e == null || !e.in(s.study().code(), s.site().code())) {
            throw new JobRefusedException("job " + jobId + " is not a job of your active study and site");
        }
        return e;
    }

    private ActiveScope active() throws JobRefusedException {
        try {
            return scopes.dicomScope();
        } catch (NoActiveScopeException e) {
            throw new JobRefusedException("the caller has no active study");
        }
    }

    private String caller() {
        return session.getCallerPrincipal().getName();
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }

    /** @return the job parameters of an execution, or empty for one of another job or module version */
    static Optional<JobParameters> parameters(JobOperator op, long executionId) {
        try {
            Properties p = op.getParameters(executionId);
            return Optional.of(JobParameters.of(p));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
