package org.rpb.pacs.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.job.JobFolders;

/**
 * One retention sweep: decides, from the job rows, what is past its retention and acts on it, each job in a short
 * transaction of its own that also writes the job's audit entry.
 *
 * <ul>
 * <li><b>Raw upload files.</b> An upload job that failed, was cancelled or interrupted (its last end), or was
 * recorded and never started (its creation), longer ago than the upload retention, and that no node holds (a live
 * lease in {@code pacs.job_lease}): its folder's files are deleted, leaving the reason a retry gives ("the uploaded
 * files were deleted after the retention of 24 h; upload again"). Its row is locked meanwhile, so a retry that
 * comes at that moment waits and then refuses. A job queued for a retry, running or completed is never touched.</li>
 * <li><b>Working folders</b> of uploads never confirmed ({@code upload-*} under the workspace root), untouched for
 * {@link RetentionPolicy#workspaceRetention()}.</li>
 * <li><b>Orphans.</b> A job of any kind that did not complete, ended longer ago than the orphan retention, and holds
 * target UIDs: the research PACS is asked which studies hold those instances; each that no study record claims (in
 * any project) and that is not listed yet is listed in {@code pacs.orphan_study} with the job's study, site and
 * PID. A job is searched again only when it ended again (a retry) since.</li>
 * </ul>
 *
 * <p>A sweep first locks the one row of {@code pacs.retention_sweep}, so the nodes of a cluster sweep one after the
 * other, each deciding on what the one before left. Times of job rows are the nodes' clocks (as the job engine
 * writes them); the sweep compares them with its {@link Clock}. Must run outside a JTA transaction.
 */
public final class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class.getName());
    /** SOP Instance UIDs per C-FIND. */
    private static final int UIDS_PER_QUERY = 100;

    private final DataSource dataSource;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final String node;
    private final Path workspaces;
    private final StoredStudies studies;

    private RetentionSweep(Builder b) {
        this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
        this.policy = Objects.requireNonNull(b.policy, "policy");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.node = Objects.requireNonNull(b.node, "node");
        this.workspaces = b.workspaces;
        this.studies = Objects.requireNonNull(b.studies, "studies");
    }

    /** @return a builder; data source and stored studies are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The reason a retry of an upload whose files this retention deleted gives.
     *
     * @param retention the upload retention
     * @return the reason
     */
    public static String deletedReason(java.time.Duration retention) {
        return "the uploaded files were deleted after the retention of " + RetentionPolicy.describe(retention)
                + "; upload again";
    }

    /**
     * Runs the sweep (after any other node's running one).
     *
     * @param user who asked for it ({@code system} for the schedule), named in the audit entries
     * @return what it did
     * @throws SQLException if the database fails
     */
    public RetentionReport run(String user) throws SQLException {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try {
                try (PreparedStatement s = lock.prepareStatement(
                        "SELECT id FROM pacs.retention_sweep WHERE id = 1 FOR UPDATE")) {
                    s.executeQuery().close();
                }
                RetentionReport r = sweep(user);
                try (PreparedStatement u = lock.prepareStatement(
                        "UPDATE pacs.retention_sweep SET last_node = ?, last_run_at = ? WHERE id = 1")) {
                    u.setString(1, node);
                    u.setObject(2, now());
                    u.executeUpdate();
                }
                lock.commit();
                return r;
            } finally {
                if (!lock.getAutoCommit()) {
                    lock.rollback();
                    lock.setAutoCommit(true);
                }
            }
        }
    }

    private RetentionReport sweep(String user) throws SQLException {
        int uploads = 0;
        int files = 0;
        for (long job : expiredUploads()) {
            int deleted = deleteUpload(job, user);
            if (deleted >= 0) {
                uploads++;
                files += deleted;
            }
        }
        int folders = deleteWorkspaces(user);
        int checked = 0;
        int orphans = 0;
        int unchecked = 0;
        for (long job : unrecordedJobs()) {
            int found = checkOrphans(job, user);
            if (found < 0) {
                unchecked++;
            } else {
                checked++;
                orphans += found;
            }
        }
        return new RetentionReport(uploads, files, folders, checked, orphans, unchecked);
    }

    /** The condition on a job row (alias j) that no execution of it runs or is about to run, nor will. */
    private static final String ENDED = "(j.state IN ('FAILED', 'CANCELLED', 'INTERRUPTED') "
            + "OR (j.state = 'QUEUED' AND j.batch_execution_id IS NULL)) "
            + "AND NOT EXISTS (SELECT 1 FROM pacs.job_lease l WHERE l.job_key = CAST(j.id AS VARCHAR(20)) "
            + "AND l.expires_at > CURRENT_TIMESTAMP)";

    /** @return upload jobs whose raw files are past the retention and not deleted yet */
    List<Long> expiredUploads() throws SQLException {
        return ids("SELECT j.id FROM pacs.pacs_job j WHERE j.job_type = 'UPLOAD' AND " + ENDED
                + " AND COALESCE(j.finished_at, j.created_at) < ? AND NOT EXISTS (SELECT 1 FROM pacs.retention_job r "
                + "WHERE r.job_id = j.id AND r.raw_deleted_at IS NOT NULL) ORDER BY j.id",
                now().minus(policy.uploadRetention()));
    }

    /** @return jobs past the orphan retention that stored something, not searched since they last ended */
    List<Long> unrecordedJobs() throws SQLException {
        return ids("SELECT j.id FROM pacs.pacs_job j WHERE " + ENDED
                + " AND COALESCE(j.finished_at, j.created_at) < ? AND EXISTS (SELECT 1 FROM pacs.pacs_job_instance i "
                + "WHERE i.job_id = j.id AND i.target_sop_uid IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM "
                + "pacs.retention_job r WHERE r.job_id = j.id AND r.orphans_checked_at IS NOT NULL "
                + "AND r.orphans_checked_at >= COALESCE(j.finished_at, j.created_at)) ORDER BY j.id",
                now().minus(policy.orphanRetention()));
    }

    /** @return files deleted, or -1 when the job no longer qualifies (retried, or taken since the query) */
    private int deleteUpload(long jobId, String user) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // the row lock makes a retry at this moment wait for the deletion, then refuse (JobService.retry)
                Job j = lockedJob(c, jobId, "j.job_type = 'UPLOAD' AND " + ENDED
                        + " AND COALESCE(j.finished_at, j.created_at) < ?", now().minus(policy.uploadRetention()));
                if (j == null) {
                    return -1;
                }
                boolean existed = Files.isDirectory(JobFolders.upload(jobId));
                markJob(c, jobId, "raw_deleted_at = ?, raw_retention_seconds = ?", now(),
                        policy.uploadRetention().toSeconds());
                int files = 0;
                if (existed) {
                    files = JobFolders.deleteUploadFiles(jobId, deletedReason(policy.uploadRetention()));
                    audit(c, user, AuditAction.RETENTION, j.study, j.site, j.pid, null, "raw files of upload job "
                            + jobId + " (" + j.state + ") deleted after the retention of "
                            + RetentionPolicy.describe(policy.uploadRetention()) + ": " + files + " files");
                }
                c.commit();
                return files;
            } catch (IOException e) {
                LOG.warning(() -> "The raw files of upload job " + jobId + " could not be deleted ("
                        + e.getClass().getSimpleName() + "); the next sweep tries again");
                return -1;
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** @return new orphans listed, or -1 when the research PACS could not be asked */
    private int checkOrphans(long jobId, String user) throws SQLException {
        Job job;
        List<String> uids = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            job = job(c, jobId);
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT target_sop_uid FROM pacs.pacs_job_instance "
                    + "WHERE job_id = ? AND target_sop_uid IS NOT NULL ORDER BY target_sop_uid")) {
                q.setLong(1, jobId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        uids.add(rs.getString(1));
                    }
                }
            }
        }
        Map<String, Integer> found = new java.util.TreeMap<>();
        try {
            for (int k = 0; k < uids.size(); k += UIDS_PER_QUERY) {
                studies.holding(uids.subList(k, Math.min(uids.size(), k + UIDS_PER_QUERY)))
                        .forEach((study, n) -> found.merge(study, n, Integer::sum));
            }
        } catch (DicomNetworkException e) {
            LOG.warning(() -> "The research PACS could not be asked for the instances of job " + jobId + " ("
                    + e.getClass().getSimpleName() + "); the next sweep asks again");
            return -1;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int listed = 0;
                for (Map.Entry<String, Integer> s : found.entrySet()) {
                    if (count(c, "SELECT COUNT(*) FROM pacs.dicom_study_record WHERE study_instance_uid = ?",
                            s.getKey()) > 0 || count(c, "SELECT COUNT(*) FROM pacs.orphan_study WHERE "
                            + "study_instance_uid = ?", s.getKey()) > 0) {
                    // recorded, or listed already (also by another job that stored into the same study)
                        continue;
                    }
                    try (PreparedStatement i = c.prepareStatement("INSERT INTO pacs.orphan_study (study_instance_uid, "
                            + "study_code, site_code, pid, job_id, job_type, instances, found_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        i.setString(1, s.getKey());
                        i.setString(2, job.study);
                        i.setString(3, job.site);
                        i.setString(4, job.pid);
                        i.setLong(5, jobId);
                        i.setString(6, job.type);
                        i.setInt(7, s.getValue());
                        i.setObject(8, now());
                        i.executeUpdate();
                    }
                    audit(c, user, AuditAction.ORPHAN, job.study, job.site, job.pid, s.getKey(), "study stored by "
                            + job.type.toLowerCase(java.util.Locale.ROOT) + " job " + jobId + " (" + job.state
                            + ") and never recorded: " + s.getValue() + " of its instances, listed as an orphan after "
                            + "the retention of " + RetentionPolicy.describe(policy.orphanRetention()));
                    listed++;
                }
                markJob(c, jobId, "orphans_checked_at = ?", now());
                c.commit();
                return listed;
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** Deletes this node's working folders of uploads never confirmed that nothing touched for long. */
    private int deleteWorkspaces(String user) throws SQLException {
        if (workspaces == null || !Files.isDirectory(workspaces)) {
            return 0;
        }
        Instant before = clock.instant().minus(policy.workspaceRetention());
        int n = 0;
        try (Stream<Path> s = Files.list(workspaces)) {
            for (Path d : s.filter(p -> p.getFileName().toString().startsWith("upload-")).toList()) {
                if (newest(d).isBefore(before)) {
                    FileTrees.delete(d);
                    n++;
                }
            }
        } catch (IOException e) {
            LOG.warning(() -> "Working folders of uploads could not all be deleted (" + e.getClass().getSimpleName()
                    + "); the next sweep tries again");
        }
        if (n > 0) {
            int deleted = n;
            try (Connection c = dataSource.getConnection()) {
                audit(c, user, AuditAction.RETENTION, null, null, null, null, deleted + " working folders of uploads "
                        + "never confirmed deleted on node " + node + " after "
                        + RetentionPolicy.describe(policy.workspaceRetention()));
            }
        }
        return n;
    }

    private static Instant newest(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            Instant newest = Instant.EPOCH;
            for (Path p : s.toList()) {
                Instant t = Files.getLastModifiedTime(p).toInstant();
                newest = t.isAfter(newest) ? t : newest;
            }
            return newest;
        }
    }

    /** A job row's scope and state. */
    private record Job(String type, String state, String study, String site, String pid) {
    }

    private static Job job(Connection c, long jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT job_type, state, study_code, site_code, pid "
                + "FROM pacs.pacs_job WHERE id = ?")) {
            q.setLong(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)) : null;
            }
        }
    }

    /** @return the job's row, locked, if it still meets the condition; else null */
    private static Job lockedJob(Connection c, long jobId, String condition, Object param) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT j.job_type, j.state, j.study_code, j.site_code, j.pid "
                + "FROM pacs.pacs_job j WHERE j.id = ? AND " + condition + " FOR UPDATE")) {
            q.setLong(1, jobId);
            q.setObject(2, param);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)) : null;
            }
        }
    }

    private static void markJob(Connection c, long jobId, String set, Object... values) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE pacs.retention_job SET " + set + " WHERE job_id = ?")) {
            bind(u, values);
            u.setLong(values.length + 1, jobId);
            if (u.executeUpdate() == 1) {
                return;
            }
        }
        // the sweep lock keeps this insert from racing another node's
        try (PreparedStatement i = c.prepareStatement("INSERT INTO pacs.retention_job (job_id) VALUES (?)")) {
            i.setLong(1, jobId);
            i.executeUpdate();
        }
        markJob(c, jobId, set, values);
    }

    private static void audit(Connection c, String user, AuditAction action, String study, String site, String pid,
            String studyUid, String detail) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO pacs.audit_event (occurred_at, user_name, action, "
                + "study_code, site_code, pid, study_instance_uid, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            // the audit's own clock: the server's, as every other audit entry
            i.setObject(1, LocalDateTime.now());
            i.setString(2, user);
            i.setString(3, action.name());
            i.setString(4, study);
            i.setString(5, site);
            i.setString(6, pid);
            i.setString(7, studyUid);
            i.setString(8, detail);
            i.executeUpdate();
        }
    }

    private List<Long> ids(String sql, Object... params) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, params);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, params);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int k = 0; k < params.length; k++) {
            s.setObject(k + 1, params[k]);
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    /** Builder of {@link RetentionSweep}. */
    public static final class Builder {
        private DataSource dataSource;
        private RetentionPolicy policy = RetentionPolicy.defaults();
        private Clock clock = Clock.systemDefaultZone();
        private String node = "local";
        private Path workspaces;
        private StoredStudies studies;

        private Builder() {
        }

        /** @param ds the module's database @return this */
        public Builder dataSource(DataSource ds) {
            this.dataSource = ds;
            return this;
        }

        /** @param p the retentions (default {@link RetentionPolicy#defaults()}) @return this */
        public Builder policy(RetentionPolicy p) {
            this.policy = p;
            return this;
        }

        /** @param c the clock the job rows' times are compared with (default the system's) @return this */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** @param n this node's name, for the audit and the sweep row @return this */
        public Builder node(String n) {
            this.node = n;
            return this;
        }

        /** @param dir the folder of this node's unconfirmed uploads' working folders, or null for none @return this */
        public Builder workspaces(Path dir) {
            this.workspaces = dir;
            return this;
        }

        /** @param s how to ask the research PACS which studies hold a job's instances @return this */
        public Builder studies(StoredStudies s) {
            this.studies = s;
            return this;
        }

        /** @return the sweep */
        public RetentionSweep build() {
            return new RetentionSweep(this);
        }
    }
}
