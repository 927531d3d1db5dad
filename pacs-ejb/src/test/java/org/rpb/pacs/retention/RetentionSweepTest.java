package org.rpb.pacs.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.job.JobFolders;
import org.rpb.pacs.persistence.PrivatePostgres;

/**
 * The retention's decisions on a real PostgreSQL database with the module's schema (and the sweep's statements on
 * H2, the demo's database): which upload jobs lose their raw files (failed, cancelled, interrupted or never started,
 * past the retention since their last end, held by no node) and which keep them (inside the retention, retried
 * since, queued for a retry, running, completed, leased, not uploads); a retention of seconds with a clock; two
 * nodes sweeping at once delete and audit each job once; and, against a real Orthanc as research PACS, which
 * studies are listed as orphans of which project (only those holding a job's stored instances that no record
 * claims).
 */
@Tag("external")
class RetentionSweepTest {

    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final RetentionPolicy DAY = RetentionPolicy.defaults();

    @TempDir
    static Path dir;

    private static PrivatePostgres pg;
    private static DataSource db;
    private static String jobsDirBefore;

    @BeforeAll
    static void database() throws Exception {
        pg = PrivatePostgres.start(dir);
        db = PrivatePostgres.migrated(pg.dataSource());
        jobsDirBefore = System.getProperty(JobFolders.DIR_PROPERTY);
        System.setProperty(JobFolders.DIR_PROPERTY, dir.resolve("jobs").toString());
    }

    @AfterAll
    static void drop() throws Exception {
        if (jobsDirBefore == null) {
            System.clearProperty(JobFolders.DIR_PROPERTY);
        } else {
            System.setProperty(JobFolders.DIR_PROPERTY, jobsDirBefore);
        }
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = db.getConnection(); var s = c.createStatement()) {
            for (String t : List.of("orphan_study", "retention_job", "audit_event", "job_lease", "pacs_job_instance",
                    "dicom_study_record", "pacs_job")) {
                s.executeUpdate("DELETE FROM pacs." + t);
            }
        }
    }

    @Test
    void rawFilesOfFailedOrAbandonedUploadsGoAfterTheRetentionAndNothingElse() throws Exception {
        LocalDateTime now = LocalDateTime.now();
        LocalDateTime old = now.minusHours(25);
        long failed = job(db, "UPLOAD", "FAILED", old, old.minusHours(1), 3L);
        long cancelled = job(db, "UPLOAD", "CANCELLED", old, old, 4L);
        long interrupted = job(db, "UPLOAD", "INTERRUPTED", old, old, 5L);
        long neverStarted = job(db, "UPLOAD", "QUEUED", null, old, null);
        long expiredLease = job(db, "UPLOAD", "FAILED", old, old, 6L);
        long recent = job(db, "UPLOAD", "FAILED", now.minusHours(23), old, 7L);
        long retriedSince = job(db, "UPLOAD", "FAILED", now.minusMinutes(5), now.minusDays(3), 8L);
        long queuedForRetry = job(db, "UPLOAD", "QUEUED", null, old, 9L);
        long running = job(db, "UPLOAD", "RUNNING", null, old, 10L);
        long completed = job(db, "UPLOAD", "COMPLETED", old, old, 11L);
        long leased = job(db, "UPLOAD", "FAILED", old, old, 12L);
        long staging = job(db, "STAGE", "FAILED", old, old, 13L);
        lease(leased, Duration.ofMinutes(10));
        lease(expiredLease, Duration.ofMinutes(-1));
        List<Long> all = List.of(failed, cancelled, interrupted, neverStarted, expiredLease, recent, retriedSince,
                queuedForRetry, running, completed, leased, staging);
        for (long j : all) {
            files(j);
        }

        RetentionReport report = sweep(db, DAY, Clock.systemDefaultZone(), "node-a").run("system (retention)");

        Set<Long> gone = Set.of(failed, cancelled, interrupted, neverStarted, expiredLease);
        assertEquals(5, report.uploadsDeleted(), report.toString());
        assertEquals(10, report.filesDeleted(), "two files each: " + report);
        for (long j : all) {
            assertEquals(!gone.contains(j), Files.isDirectory(JobFolders.upload(j).resolve("in")), "job " + j);
            assertEquals(gone.contains(j), JobFolders.uploadFilesMissing(j).isPresent(), "job " + j);
        }
        assertEquals(Optional.of("the uploaded files were deleted after the retention of 24 h; upload again"),
                JobFolders.uploadFilesMissing(failed));
        try (var listing = Files.list(JobFolders.upload(failed))) {
            assertEquals(List.of("files-deleted.txt"), listing.map(p -> p.getFileName().toString()).toList(),
                    "only the reason is left");
        }
        List<String[]> audit = audit(db, "RETENTION");
        assertEquals(5, audit.size());
        for (String[] a : audit) {
            assertEquals("system (retention)", a[0]);
            assertEquals("RTTRIAL", a[1]);
            assertEquals("DD", a[2]);
            assertEquals("PID-RT-0101", a[3]);
            assertTrue(a[4].matches("raw files of upload job \\d+ \\((FAILED|CANCELLED|INTERRUPTED|QUEUED)\\) deleted "
                    + "after the retention of 24 h: 2 files"), a[4]);
            assertFalse(a[4].contains("DOE"), "no file name in the audit: " + a[4]);
        }

        RetentionReport again = sweep(db, DAY, Clock.systemDefaultZone(), "node-a").run("system (retention)");
        assertEquals(0, again.uploadsDeleted(), again.toString());
        assertEquals(5, audit(db, "RETENTION").size(), "each job deleted and audited once");
    }

    @Test
    void aRetentionOfSecondsWithAClockAndARetryInsideItStartsTheCountAgain() throws Exception {
        RetentionPolicy seconds = new RetentionPolicy(Duration.ofSeconds(5), Duration.ofDays(7));
        LocalDateTime now = LocalDateTime.now();
        long job = job(db, "UPLOAD", "FAILED", now, now, 1L);
        files(job);
        Clock clock = Clock.systemDefaultZone();
        assertEquals(0, sweep(db, seconds, clock, "n").run("admin").uploadsDeleted(), "inside the retention");
        // a retry 4 s later failed again: the count starts from that end
        update(db, "UPDATE pacs.pacs_job SET finished_at = ? WHERE id = ?", now.plusSeconds(4), job);
        assertEquals(0, sweep(db, seconds, Clock.offset(clock, Duration.ofSeconds(7)), "n").run("admin")
                .uploadsDeleted(), "7 s after the first end, 3 s after the retry's");
        assertTrue(Files.isDirectory(JobFolders.upload(job).resolve("in")));
        assertEquals(1, sweep(db, seconds, Clock.offset(clock, Duration.ofSeconds(10)), "n").run("admin")
                .uploadsDeleted());
        assertEquals(Optional.of("the uploaded files were deleted after the retention of 5 s; upload again"),
                JobFolders.uploadFilesMissing(job));
        assertEquals("admin", audit(db, "RETENTION").get(0)[0], "audited as who asked");
    }

    @Test
    void twoNodesSweepingAtOnceDeleteAndAuditEachUploadOnce() throws Exception {
        LocalDateTime old = LocalDateTime.now().minusDays(2);
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long j = job(db, "UPLOAD", "FAILED", old, old, (long) i);
            files(j);
            jobs.add(j);
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RetentionReport>> runs = new ArrayList<>();
            for (String node : List.of("node-a", "node-b")) {
                runs.add(pool.submit((Callable<RetentionReport>) () -> {
                    start.await();
                    return sweep(db, DAY, Clock.systemDefaultZone(), node).run("system (retention)");
                }));
            }
            int deleted = 0;
            for (Future<RetentionReport> f : runs) {
                deleted += f.get().uploadsDeleted();
            }
            assertEquals(20, deleted, "each job once over both nodes");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, audit(db, "RETENTION").size());
        for (long j : jobs) {
            assertFalse(Files.exists(JobFolders.upload(j).resolve("in")));
        }
    }

    @Test
    void storedAndNeverRecordedStudiesAreListedAsOrphansOfTheirJobsProjectOnly() throws Exception {
        try (OrthancServer research = OrthancServer.builder().aeTitle("RESEARCH").workDir(dir.resolve("orthanc"))
                .start()) {
            research.upload(PYDICOM.resolve("CT_small.dcm"));
            research.upload(PYDICOM.resolve("MR_small.dcm"));
            var ct = DicomReader.create().readHeaderSummary(PYDICOM.resolve("CT_small.dcm"));
            var mr = DicomReader.create().readHeaderSummary(PYDICOM.resolve("MR_small.dcm"));
            LocalDateTime now = LocalDateTime.now();
            LocalDateTime old = now.minusDays(8);
            // an RTTRIAL upload that stored the CT and failed; a QOL copy that stored the MR, recorded by QOL since
            long upload = job(db, "UPLOAD", "FAILED", old, old, 1L);
            instance(upload, ct.sopInstanceUid());
            instance(upload, "2.25.404");
            long copy = job(db, "COPY", "FAILED", old, old, 2L);
            update(db, "UPDATE pacs.pacs_job SET study_code = 'QOL' WHERE id = ?", copy);
            instance(copy, mr.sopInstanceUid());
            update(db, "INSERT INTO pacs.dicom_study_record (stage, study_code, site_code, pid, study_instance_uid, "
                    + "created_by, created_at) VALUES ('PROJECT_COPY', 'QOL', 'DD', 'PID-RT-0101', ?, 'u', ?)",
                    mr.studyInstanceUid(), now);
            // inside the retention, completed, nothing stored: not asked about
            long recent = job(db, "UPLOAD", "FAILED", now.minusDays(6), old, 3L);
            instance(recent, ct.sopInstanceUid());
            long completed = job(db, "UPLOAD", "COMPLETED", old, old, 4L);
            instance(completed, ct.sopInstanceUid());

            // the research PACS is away: the jobs wait for the next sweep
            PacsNode away = PacsNode.builder().aeTitle("RESEARCH").host("127.0.0.1").port(OrthancServer.freePort())
                    .callingAeTitle("RPBPACS").connectTimeout(Duration.ofSeconds(2)).build();
            RetentionReport down = sweep(db, DAY, Clock.systemDefaultZone(), "n", new ArchiveStoredStudies(away))
                    .run("system (retention)");
            assertEquals(2, down.jobsNotChecked(), down.toString());
            assertEquals(0, down.orphansRecorded());

            PacsNode node = PacsNode.builder().aeTitle("RESEARCH").host("127.0.0.1").port(research.dicomPort())
                    .callingAeTitle("RPBPACS").responseTimeout(Duration.ofSeconds(30)).build();
            RetentionReport r = sweep(db, DAY, Clock.systemDefaultZone(), "n", new ArchiveStoredStudies(node))
                    .run("system (retention)");
            assertEquals(2, r.jobsChecked(), r.toString());
            assertEquals(1, r.orphansRecorded(), r.toString());
            List<String> orphans = strings(db, "SELECT study_instance_uid || ' ' || study_code || ' ' || site_code || ' '"
                    + " || pid || ' ' || job_type || ' ' || instances || ' ' || CAST(job_id AS VARCHAR(20)) "
                    + "FROM pacs.orphan_study");
            assertEquals(List.of(ct.studyInstanceUid() + " RTTRIAL DD PID-RT-0101 UPLOAD 1 " + upload), orphans,
                    "only the RTTRIAL upload's unrecorded study, with its project; QOL's recorded study untouched");
            List<String[]> audit = audit(db, "ORPHAN");
            assertEquals(1, audit.size());
            assertTrue(audit.get(0)[4].startsWith("study stored by upload job " + upload + " (FAILED) and never "
                    + "recorded: 1 of its instances"), audit.get(0)[4]);
            assertEquals(ct.studyInstanceUid(), audit.get(0)[5]);
            assertEquals(2, research.instanceCount(), "nothing deleted from the research PACS");

            RetentionReport again = sweep(db, DAY, Clock.systemDefaultZone(), "n", new ArchiveStoredStudies(node))
                    .run("system (retention)");
            assertEquals(0, again.jobsChecked(), "searched once per end: " + again);
            // a retry that failed again is searched again, and lists nothing twice
            update(db, "UPDATE pacs.pacs_job SET finished_at = ? WHERE id = ?", LocalDateTime.now().plusMinutes(1),
                    upload);
            RetentionReport retried = sweep(db, DAY, Clock.offset(Clock.systemDefaultZone(), Duration.ofDays(8)), "n",
                    new ArchiveStoredStudies(node)).run("system (retention)");
            assertEquals(2, retried.jobsChecked(), "the retried job, and the one now past the retention: " + retried);
            assertEquals(0, retried.orphansRecorded(), "the study is listed once, whichever job stored into it");
            assertEquals(1, audit(db, "ORPHAN").size());
        }
    }

    @Test
    void onH2TheDemoDatabaseRunsTheSameStatements() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("h2/pacs") + ";MODE=LEGACY;DATABASE_TO_LOWER=TRUE");
        h2.setUser("sa");
        h2.setPassword("sa");
        PrivatePostgres.migrated(h2);
        LocalDateTime old = LocalDateTime.now().minusDays(9);
        long upload = job(h2, "UPLOAD", "FAILED", old, old, 900_001L);
        long kept = job(h2, "UPLOAD", "FAILED", LocalDateTime.now(), old, 900_002L);
        files(upload);
        files(kept);
        update(h2, "INSERT INTO pacs.pacs_job_instance (job_id, source_sop_uid, target_sop_uid, state) "
                + "VALUES (?, '2.25.1', '2.25.2', 'STORED')", upload);
        RetentionReport r = sweep(h2, DAY, Clock.systemDefaultZone(), "n", uids -> Map.of("2.25.3", 1))
                .run("system (retention)");
        assertEquals(1, r.uploadsDeleted(), r.toString());
        assertEquals(1, r.orphansRecorded(), r.toString());
        assertTrue(Files.isDirectory(JobFolders.upload(kept).resolve("in")));
        assertEquals(1, audit(h2, "RETENTION").size());
    }

    private static RetentionSweep sweep(DataSource ds, RetentionPolicy policy, Clock clock, String node) {
        return sweep(ds, policy, clock, node, uids -> new TreeMap<>());
    }

    private static RetentionSweep sweep(DataSource ds, RetentionPolicy policy, Clock clock, String node,
            StoredStudies studies) {
        return RetentionSweep.builder().dataSource(ds).policy(policy).clock(clock).node(node).studies(studies).build();
    }

    /** An upload's folder with two raw files named like a patient, as clinical exports are. */
    private static void files(long job) throws Exception {
        Path in = Files.createDirectories(JobFolders.upload(job).resolve("in").resolve("DOE_JOHN"));
        Files.writeString(in.resolve("DOE_JOHN_1.dcm"), "raw");
        Files.writeString(Files.createDirectories(JobFolders.upload(job).resolve("out")).resolve("1.dcm"), "out");
    }

    private static long job(DataSource ds, String type, String state, LocalDateTime finished, LocalDateTime created,
            Long execution) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO pacs.pacs_job (job_type, state, study_code, site_code, created_by, run_by, created_at,
                finished_at, batch_execution_id, pid, retrieved, deidentified, stored, verified, failed)
                VALUES (?, ?, 'RTTRIAL', 'DD', 'uploader', 'uploader', ?, ?, ?, 'PID-RT-0101', 0, 0, 0, 0, 0)""",
                new String[] {"id"})) {
            s.setString(1, type);
            s.setString(2, state);
            s.setObject(3, created);
            s.setObject(4, finished);
            s.setObject(5, execution);
            s.executeUpdate();
            try (ResultSet k = s.getGeneratedKeys()) {
                k.next();
                long id = k.getLong(1);
                // a folder of an earlier run of the test under the same ID is not this job's
                FileTrees.delete(JobFolders.upload(id));
                return id;
            }
        }
    }

    private void instance(long job, String targetUid) throws Exception {
        update(db, "INSERT INTO pacs.pacs_job_instance (job_id, source_sop_uid, target_sop_uid, state) "
                + "VALUES (?, ?, ?, 'STORED')", job, "2.25.9" + Math.abs(targetUid.hashCode()), targetUid);
    }

    private void lease(long job, Duration left) throws Exception {
        update(db, "INSERT INTO pacs.job_lease (job_key, owner_node, epoch, claimed_at, expires_at) "
                + "VALUES (?, 'node-x', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + CAST(? AS INTERVAL))",
                Long.toString(job), left.toSeconds() + " seconds");
    }

    private static void update(DataSource ds, String sql, Object... params) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int k = 0; k < params.length; k++) {
                s.setObject(k + 1, params[k] instanceof LocalDateTime t ? Timestamp.valueOf(t) : params[k]);
            }
            s.executeUpdate();
        }
    }

    /** user, study, site, PID, detail, study UID of each audit entry of an action, oldest first. */
    private static List<String[]> audit(DataSource ds, String action) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("SELECT user_name, study_code, "
                + "site_code, pid, detail, study_instance_uid FROM pacs.audit_event WHERE action = ? ORDER BY id")) {
            s.setString(1, action);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)});
                }
            }
        }
        return out;
    }

    private static List<String> strings(DataSource ds, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

}
