package org.rpb.pacs.it.retention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditEvent;
import org.rpb.pacs.audit.AuditFilter;
import org.rpb.pacs.audit.AuditService;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobFolders;
import org.rpb.pacs.job.JobRefusedException;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.retention.OrphanStudy;
import org.rpb.pacs.retention.RetentionAdminService;
import org.rpb.pacs.retention.RetentionPolicy;
import org.rpb.pacs.upload.AssignExistingService;
import org.rpb.pacs.upload.SubjectEvents;
import org.rpb.pacs.upload.UploadJobService;
import org.rpb.pacs.upload.UploadJobView;
import org.rpb.pacs.upload.UploadRefusedException;
import org.rpb.pacs.upload.UploadSessionBean;
import org.rpb.pacs.upload.UploadSlotsService;

/**
 * The retention in the server (issues 15 and 16), with the retentions shortened to seconds by their system
 * properties and sweeps run by an administrator: a failed upload's raw files are gone after the retention, with an
 * audit entry that names no file, and its retry refuses with that reason; an upload that failed inside the retention
 * still retries and completes. Studies the module's jobs stored in the research PACS (a real Orthanc) and never
 * recorded are listed as orphans of the job's project and site only: another project's (Study0's) recorded study, the
 * other site's orphan and a study the module never stored are not; nothing is deleted from the research PACS, and
 * "assign existing" still recovers the orphan.
 */
@ExtendWith(ArquillianExtension.class)
class RetentionIT {

    private static final String PID = "PID-RT-0101";
    private static final String NAME = "Retentiontest^Rita";

    @EJB
    private UploadSessionBean session;

    @EJB
    private UploadSlotsService slots;

    @EJB
    private UploadJobService uploads;

    @EJB
    private JobService jobs;

    @EJB
    private RetentionAdminService retention;

    @EJB
    private AuditService audit;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private StudyRecordService records;

    @EJB
    private AssignExistingService assign;

    @Deployment
    static EnterpriseArchive deployment() {
        // Awaitility (and its Hamcrest) for the waits inside the server; they poll in the test's thread, where the
        // security domain is that of the test's deployment
        return Deployments.earWithTests(RetentionIT.class, OrthancServer.class, RtStudyFiles.class)
                .addAsLibraries(jar(org.awaitility.Awaitility.class), jar(org.hamcrest.Matcher.class));
    }

    @Test
    void aFailedUploadsRawFilesGoAfterTheRetentionAuditedAndOneInsideItStillRetries(@TempDir Path dir)
            throws Exception {
        Path study = dir.resolve("study");
        generate(study, NAME, "retention-it-" + UUID.randomUUID());
        String research = System.getProperty("pacs.research.node");
        String before = System.getProperty(RetentionPolicy.UPLOAD_PROPERTY);
        try {
            // the research PACS is down: the upload fails after de-identifying, keeping its raw files
            System.setProperty("pacs.research.node", "RESEARCH@127.0.0.1:" + OrthancServer.freePort());
            long slot = RunAs.user(DemoUsers.UPLOADER, () -> {
                scopes.select("RTTRIAL", "DD");
                return slotOf("BASELINE", "Diagnostic imaging");
            });
            long expired = uploadThatFails(slot, study);
            assertTrue(Files.isDirectory(JobFolders.upload(expired).resolve("in")), "raw files kept for a retry");
            System.setProperty(RetentionPolicy.UPLOAD_PROPERTY, "20");
            // a viewer or uploader cannot run the retention
            for (String user : List.of(DemoUsers.VIEWER, DemoUsers.UPLOADER)) {
                assertThrows(EJBAccessException.class, () -> RunAs.user(user, () -> retention.sweepNow()), user);
            }
            await().pollInSameThread().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                RunAs.user(DemoUsers.ADMIN, () -> {
                    scopes.select("RTTRIAL", "DD");
                    return retention.sweepNow();
                });
                return !Files.exists(JobFolders.upload(expired).resolve("in"));
            });
            assertFalse(Files.exists(JobFolders.upload(expired).resolve("out")), "the de-identified files too");

            // its retry refuses with the reason, on the upload page and on the jobs page, and changes nothing
            UploadRefusedException refused = assertThrows(UploadRefusedException.class,
                    () -> RunAs.user(DemoUsers.UPLOADER, () -> {
                        uploads.retry(expired);
                        return null;
                    }));
            assertEquals("the uploaded files were deleted after the retention of 20 s; upload again",
                    refused.getMessage());
            JobRefusedException jobsPage = assertThrows(JobRefusedException.class,
                    () -> RunAs.user(DemoUsers.UPLOADER, () -> jobs.retry(expired)));
            assertEquals(refused.getMessage(), jobsPage.getMessage());
            assertEquals(JobState.FAILED, RunAs.user(DemoUsers.UPLOADER, () -> jobs.status(expired)).state(),
                    "the refused retry left the job as it was");
            assertTrue(RunAs.user(DemoUsers.UPLOADER, () -> uploads.retryable(slot)).stream()
                    .noneMatch(v -> v.status().id() == expired), "no longer offered on the slot's page");

            // audited for the job's study and site, as the administrator who ran it, without the upload's names
            List<AuditEvent> entries = RunAs.user(DemoUsers.ADMIN, () -> audit.events(
                    AuditFilter.all().withAction(AuditAction.RETENTION), 0, 500).events());
            AuditEvent entry = entries.stream().filter(e -> e.detail().startsWith("raw files of upload job " + expired
                    + " ")).findFirst().orElseThrow(() -> new AssertionError("no audit entry: " + entries));
            assertEquals("RTTRIAL", entry.studyCode());
            assertEquals("DD", entry.siteCode());
            assertEquals(PID, entry.pid());
            assertEquals(DemoUsers.ADMIN, entry.user());
            assertTrue(entry.detail().matches("raw files of upload job \\d+ \\(FAILED\\) deleted after the retention "
                    + "of 20 s: \\d+ files"), entry.detail());
            assertFalse(entry.detail().contains("Retentiontest") || entry.detail().contains("CT001"), entry.detail());

            // an upload that fails now is inside the retention: the sweep keeps it, and its retry completes
            long inside = uploadThatFails(slot, study);
            RunAs.user(DemoUsers.ADMIN, () -> retention.sweepNow());
            assertTrue(Files.isDirectory(JobFolders.upload(inside).resolve("in")), "inside the retention");
            try (OrthancServer pacs = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
                System.setProperty("pacs.research.node", pacs.node());
                RunAs.user(DemoUsers.UPLOADER, () -> {
                    uploads.retry(inside);
                    return null;
                });
                UploadJobView done = awaitEnd(inside);
                assertEquals(JobState.COMPLETED, done.status().state(), done.toString());
                assertEquals(done.status().total(), pacs.instanceCount());
                assertFalse(Files.exists(JobFolders.upload(inside)), "a completed upload's folder is deleted");
            }
            // the slot is left empty as it was found: other tests against this server upload into it
            RunAs.user(DemoUsers.UPLOADER, () -> {
                scopes.select("RTTRIAL", "DD");
                records.unlink(slot);
                return null;
            });
        } finally {
            restore("pacs.research.node", research);
            restore(RetentionPolicy.UPLOAD_PROPERTY, before);
        }
    }

    @Test
    void theModulesUnrecordedStudiesAreListedAsOrphansOfTheirProjectOnly(@TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString();
        String research = System.getProperty("pacs.research.node");
        String before = System.getProperty(RetentionPolicy.ORPHAN_PROPERTY);
        try (OrthancServer pacs = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            System.setProperty("pacs.research.node", pacs.node());
            String[] here = store(pacs, dir.resolve("here"), "here-" + run);
            String[] study0 = store(pacs, dir.resolve("study0"), "study0-" + run);
            String[] muc = store(pacs, dir.resolve("muc"), "muc-" + run);
            String[] unknown = store(pacs, dir.resolve("unknown"), "unknown-" + run);
            int stored = pacs.instanceCount();
            // an RTTRIAL upload at DD that stored an instance and failed before recording its study
            long failedHere = RunAs.user(DemoUsers.UPLOADER, () -> {
                scopes.select("RTTRIAL", "DD");
                return storedAndFailed(JobType.UPLOAD, PID, here[1]);
            });
            // the same at RTTRIAL's other site
            long failedMuc = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "MUC");
                return storedAndFailed(JobType.UPLOAD, "PID-RT-0201", muc[1]);
            });
            // a Study0 staging job that stored an instance of a study Study0 has recorded since (another project's)
            long failedStudy0 = RunAs.user(DemoUsers.STAGER, () -> {
                scopes.select("STUDY0", "DD");
                long job = storedAndFailed(JobType.STAGE, "PID-S0-0003", study0[1]);
                records.register(new NewStudyRecord(Stage.STUDY0_COPY, "PID-S0-0003", study0[0], null,
                        "2.25.6" + Math.abs(run.hashCode()), "20240305", "recorded by Study0", null,
                        List.of(new SeriesRecord(study0[0] + ".1", null, "CT", "CT", 1))));
                return job;
            });

            System.setProperty(RetentionPolicy.ORPHAN_PROPERTY, "5");
            await().pollInSameThread().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> RunAs.user(DemoUsers.ADMIN, () -> {
                        scopes.select("RTTRIAL", "DD");
                        retention.sweepNow();
                        return retention.orphans().stream().anyMatch(o -> o.jobId() == failedHere);
                    }));
            List<OrphanStudy> listed = RunAs.user(DemoUsers.ADMIN, () -> retention.orphans());
            Set<String> studies = listed.stream().map(OrphanStudy::studyInstanceUid).collect(Collectors.toSet());
            assertTrue(studies.contains(here[0]), "the RTTRIAL upload's study: " + listed);
            for (String foreign : List.of(study0[0], muc[0], unknown[0])) {
                assertFalse(studies.contains(foreign), "listed at RTTRIAL/DD: " + foreign + " in " + listed);
            }
            OrphanStudy o = listed.stream().filter(x -> x.studyInstanceUid().equals(here[0])).findFirst().orElseThrow();
            assertEquals("RTTRIAL", o.studyCode());
            assertEquals("DD", o.siteCode());
            assertEquals(PID, o.pid());
            assertEquals("UPLOAD", o.jobType());
            assertEquals(1, o.instances());
            // MUC's orphan is MUC's; Study0's administrators see nothing: its study is recorded
            List<OrphanStudy> ofMuc = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "MUC");
                return retention.orphans();
            });
            assertEquals(List.of(muc[0]), ofMuc.stream().filter(x -> x.jobId() == failedMuc)
                    .map(OrphanStudy::studyInstanceUid).toList());
            List<OrphanStudy> ofStudy0 = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("STUDY0", "DD");
                return retention.orphans();
            });
            assertTrue(ofStudy0.stream().noneMatch(x -> x.jobId() == failedStudy0 || x.jobId() == failedHere),
                    "" + ofStudy0);
            AuditEvent entry = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "DD");
                return audit.events(AuditFilter.all().withAction(AuditAction.ORPHAN), 0, 500).events();
            }).stream().filter(e -> here[0].equals(e.studyInstanceUid())).findFirst().orElseThrow();
            assertEquals(PID, entry.pid());
            assertTrue(entry.detail().startsWith("study stored by upload job " + failedHere + " (FAILED) and never "
                    + "recorded"), entry.detail());
            assertEquals(stored, pacs.instanceCount(), "the module deleted nothing from the research PACS");
            assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> retention.orphans()));

            // the orphan is recoverable in its project: assigned to a slot, it is recorded and no orphan any more
            RunAs.user(DemoUsers.UPLOADER, () -> {
                long slot = slotOf("EOT", "Applied RT plan set");
                assertTrue(assign.candidates(slot).stream().anyMatch(c -> c.studyInstanceUid().equals(here[0])));
                return assign.assign(slot, here[0], true);
            });
            assertTrue(RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "DD");
                return retention.orphans();
            }).stream().noneMatch(x -> x.studyInstanceUid().equals(here[0])));
            // the slot is left empty as it was found: other tests against this server upload into it
            RunAs.user(DemoUsers.UPLOADER, () -> {
                records.unlink(slotOf("EOT", "Applied RT plan set"));
                return null;
            });
        } finally {
            restore("pacs.research.node", research);
            restore(RetentionPolicy.ORPHAN_PROPERTY, before);
            for (String user : List.of(DemoUsers.ADMIN, DemoUsers.UPLOADER)) {
                RunAs.user(user, () -> scopes.select("RTTRIAL", "DD"));
            }
        }
    }

    /** As the caller: a job of the active study and site that stored one instance and failed (its row only). */
    private long storedAndFailed(JobType type, String pid, String storedSopUid) throws Exception {
        long job = jobs.create(type, pid, null, 0, null);
        jobs.record(job, List.of(new InstanceProgress("2.25.1" + Math.abs(storedSopUid.hashCode()),
                "2.25.2" + Math.abs(storedSopUid.hashCode()), storedSopUid, InstanceState.STORED, null)));
        jobs.ended(job, JobState.FAILED, "FAILED: the study record could not be written");
        return job;
    }

    private long uploadThatFails(long slot, Path study) throws Exception {
        long job = RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("RTTRIAL", "DD");
            session.begin(slot);
            try (Stream<Path> s = Files.list(study)) {
                for (Path f : s.sorted().toList()) {
                    try (InputStream in = Files.newInputStream(f)) {
                        session.receive("Retentiontest_Rita/" + f.getFileName(), in);
                    }
                }
            }
            return session.confirm(session.target().slot().studyInstanceUid() != null, false);
        });
        UploadJobView failed = awaitEnd(job);
        assertEquals(JobState.FAILED, failed.status().state(), failed.toString());
        return job;
    }

    private UploadJobView awaitEnd(long job) {
        return await().pollInSameThread().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> RunAs.user(DemoUsers.UPLOADER, () -> uploads.view(job)),
                        v -> v != null && v.status().state().ended());
    }

    private long slotOf(String event, String slotName) throws Exception {
        SubjectEvents s = slots.subject(PID);
        return s.events().stream().filter(e -> e.event().definitionCode().equals(event)).findFirst().orElseThrow()
                .slots().stream().filter(x -> x.name().equals(slotName)).findFirst().orElseThrow().id();
    }

    /** Generates a one-slice study of the subject's PID, stores it in the PACS, returns its study and SOP UIDs. */
    private static String[] store(OrthancServer pacs, Path out, String seed) throws Exception {
        for (Path f : RtStudyFiles.write(out, PID, "Scope^Test", 1, seed)) {
            try {
                pacs.upload(f);
            } catch (IOException stale) {
                // Orthanc closes idle keep-alive connections; the client may have picked one: send once more
                pacs.upload(f);
            }
        }
        var header = DicomReader.create().readHeaderSummary(out.resolve("CT001.dcm"));
        return new String[] {header.studyInstanceUid(), header.sopInstanceUid()};
    }

    /** Generates a two-slice CT + RT study as the hospital exports it: the subject's sex and year of birth. */
    private static void generate(Path out, String name, String seed) throws Exception {
        RtStudyFiles.generate(out, "--patient-id", "HOSP-RET-0101", "--patient-name", name, "--sex", "M",
                "--birth-date", "19570301", "--seed", seed, "--slices", "2");
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static File jar(Class<?> c) {
        try {
            return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
