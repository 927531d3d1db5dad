package org.rpb.pacs.it.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import javax.naming.InitialContext;
import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.deident.scan.LeakScanner;
import org.rpb.pacs.download.DownloadService;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.upload.AssignExistingService;
import org.rpb.pacs.upload.Finding;
import org.rpb.pacs.upload.SlotNotFoundException;
import org.rpb.pacs.upload.SubjectEvents;
import org.rpb.pacs.upload.UploadJobService;
import org.rpb.pacs.upload.UploadJobView;
import org.rpb.pacs.upload.UploadFailedException;
import org.rpb.pacs.upload.UploadRefusedException;
import org.rpb.pacs.upload.UploadSessionBean;
import org.rpb.pacs.upload.UploadSlotsService;

/**
 * Workflow 1 in the server: the demo uploader uploads a generated CT + RT study into a slot of subject RT-DD-003
 * against a real Orthanc as research PACS; the same study again gives no second copy; the ZIP download holds no
 * original identifier; refusals for roles, scope (another site's and another study's slot), another patient,
 * damaged and foreign files; a retry after a profile change keeps the confirmed version; a job left running by a
 * stopped server is marked interrupted and retried.
 */
@ExtendWith(ArquillianExtension.class)
class UploadServiceIT {

    private static final String PID = "PID-RT-0101";
    private static final String HOSPITAL_ID = "HOSP-UPL-0101";
    private static final String NAME = "Uploadtest^Ulrich";
    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @EJB
    private UploadSessionBean session;

    /** A second upload session, for a check of its own. */
    @EJB
    private UploadSessionBean rtSession;

    @EJB
    private UploadSlotsService slots;

    @EJB
    private UploadJobService jobs;

    @EJB
    private StudyRecordService records;

    @EJB
    private DownloadService downloads;

    @EJB
    private AssignExistingService assign;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private ProfileService profiles;

    @EJB
    private JobService jobService;


    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(UploadServiceIT.class, OrthancServer.class, RtStudyFiles.class);
    }

    @Test
    void uploadIntoASlotIsStoredVerifiedLinkedIdempotentAndDownloadableWithoutIdentifiers(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("study");
        generate(study, 3);
        String before = System.getProperty("pacs.research.node");
        try (OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            System.setProperty("pacs.research.node", research.node());
            long slot = RunAs.user(DemoUsers.UPLOADER, () -> {
                scopes.select("RTTRIAL", "DD");
                return slotOf(PID, "RTPLAN", "RT plan set");
            });

            // damaged and foreign files: named, the damaged one blocks until the user leaves it out
            long job = RunAs.user(DemoUsers.UPLOADER, () -> {
                session.begin(slot);
                sendFolder(study);
                session.receive("notes/readme.txt", new ByteArrayInputStream("no DICOM".getBytes(StandardCharsets.US_ASCII)));
                try (InputStream in = Files.newInputStream(PYDICOM.resolve("MR_truncated.dcm"))) {
                    session.receive("MR_truncated.dcm", in);
                }
                assertEquals(6, session.contents().instances().size());
                assertEquals(2, session.contents().ignored().size());
                List<Finding> findings = session.findings();
                assertTrue(findings.stream().noneMatch(Finding::blocking), "" + findings);
                assertEquals(4, session.preview().size());
                assertEquals(PID, session.preview().get(0).result().change("PatientID").newValue());
                UploadRefusedException damaged = assertThrows(UploadRefusedException.class,
                        () -> session.confirm(false, false));
                assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
                // the database outlives a run: a slot filled before is replaced (and kept in its history)
                boolean filled = session.target().slot().studyInstanceUid() != null;
                return session.confirm(filled, true);
            });
            UploadJobView done = await(job);
            assertEquals(JobState.COMPLETED, done.status().state(), "" + done);
            assertEquals(6, done.status().verified());
            assertEquals(6, research.instanceCount());

            StudyRecord record = RunAs.user(DemoUsers.UPLOADER, () -> {
                String inSlot = slots.target(slot).slot().studyInstanceUid();
                List<StudyRecord> ofSubject = records.studiesOfSubject(PID);
                StudyRecord r = ofSubject.stream().filter(x -> x.studyInstanceUid().equals(inSlot)).findFirst().orElseThrow();
                assertEquals(Long.valueOf(slot), r.slotId());
                assertEquals(4, r.series().size());
                return r;
            });

            // the same study again for the same slot: same UIDs, no second copy, no second record
            long again = RunAs.user(DemoUsers.UPLOADER, () -> {
                session.begin(slot);
                sendFolder(study);
                return session.confirm(false, false);
            });
            assertEquals(JobState.COMPLETED, await(again).status().state());
            assertEquals(6, research.instanceCount(), "no duplicate in the research PACS");
            RunAs.user(DemoUsers.UPLOADER, () -> {
                assertEquals(record.studyInstanceUid(), slots.target(slot).slot().studyInstanceUid());
                assertEquals(1, records.studiesOfSubject(PID).stream()
                        .filter(r -> r.studyInstanceUid().equals(record.studyInstanceUid())).count());
                return null;
            });

            // assign existing: a study in the research PACS under the subject's PID that the module cannot prove to be
            // this project's (stored there by someone else, recorded nowhere) is neither offered nor assigned
            Path existing = dir.resolve("existing");
            generate(existing, 2, PID, "PID-RT-0101");
            try (Stream<Path> s = Files.list(existing)) {
                for (Path f : s.sorted().toList()) {
                    research.upload(f);
                }
            }
            String existingUid = org.rpb.pacs.core.io.DicomReader.create()
                    .readHeaderSummary(existing.resolve("CT001.dcm")).studyInstanceUid();
            RunAs.user(DemoUsers.UPLOADER, () -> {
                long planningCt = slotOf(PID, "RTPLAN", "Planning CT");
                assertTrue(assign.candidates(planningCt).stream()
                        .noneMatch(c -> c.studyInstanceUid().equals(existingUid)), "an unproven study is offered");
                UploadRefusedException unknown = assertThrows(UploadRefusedException.class,
                        () -> assign.assign(planningCt, "1.2.3.4.5.999", true));
                assertTrue(unknown.getMessage().contains("1.2.3.4.5.999"), unknown.getMessage());
                boolean filled = slots.target(planningCt).slot().studyInstanceUid() != null;
                assertThrows(UploadRefusedException.class, () -> assign.assign(planningCt, existingUid, filled));
                assertNotEquals(existingUid, slots.target(planningCt).slot().studyInstanceUid());
                return null;
            });

            // download: every instance, none of the original identifiers
            Path zip = dir.resolve("study.zip");
            int files = RunAs.user(DemoUsers.UPLOADER, () -> {
                try (OutputStream out = Files.newOutputStream(zip)) {
                    return downloads.stream(record.id(), null, out);
                }
            });
            assertEquals(6, files);
            Path unzipped = unzip(zip, dir.resolve("unzipped"));
            assertEquals(List.of(), LeakScanner.of(List.of(HOSPITAL_ID, NAME, "19570301")).scan(unzipped));
            assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER, () -> {
                scopes.select("RTTRIAL", "DD");
                return downloads.stream(record.id(), null, OutputStream.nullOutputStream());
            }));
        } finally {
            if (before == null) {
                System.clearProperty("pacs.research.node");
            } else {
                System.setProperty("pacs.research.node", before);
            }
        }
    }

    @Test
    void aRetryAfterAProfileChangeKeepsTheVersionTheUploadWasConfirmedWith(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("study");
        generate(study, 2, HOSPITAL_ID, NAME, "upload-it-version");
        String before = System.getProperty("pacs.research.node");
        ProfileSettings original = RunAs.user(DemoUsers.ADMIN, () -> {
            scopes.select("RTTRIAL", "DD");
            return profiles.current().map(ProfileVersion::settings).orElse(ProfileSettings.defaults());
        });
        try {
            int confirmedWith = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "DD");
                return profiles.save(withStudyId(original, "PROFILE-A"));
            }).version();
            // the research PACS is down: the job de-identifies with version A, then fails to store
            System.setProperty("pacs.research.node", "RESEARCH@127.0.0.1:" + OrthancServer.freePort());
            long slot = RunAs.user(DemoUsers.UPLOADER, () -> {
                scopes.select("RTTRIAL", "DD");
                return slotOf(PID, "BASELINE", "Diagnostic imaging");
            });
            // what the slot holds before (tests against the same server may have filled it)
            String linkedBefore = RunAs.user(DemoUsers.UPLOADER, () -> slots.target(slot).slot().studyInstanceUid());
            long job = RunAs.user(DemoUsers.UPLOADER, () -> {
                session.begin(slot);
                // a folder named like a patient, as clinical exports often are: it must reach no log or job row
                sendFolder(study, "Uploadtest_Ulrich_19570301");
                return session.confirm(session.target().slot().studyInstanceUid() != null, false);
            });
            UploadJobView failed = await(job);
            assertEquals(JobState.FAILED, failed.status().state(), "" + failed);
            assertEquals(Integer.valueOf(confirmedWith), failed.status().profileVersion());
            assertTrue(failed.error().contains("research PACS"), failed.error());
            assertFalse(failed.instances().stream().map(InstanceProgress::reason).filter(e -> e != null)
                    .anyMatch(e -> e.contains("Uploadtest")), "no folder name in the job's rows: " + failed);
            String log = Files.readString(Path.of(System.getProperty("jboss.server.log.dir"), "server.log"));
            assertTrue(log.contains("upload job " + job + " failed"), "the failure is logged");
            assertFalse(log.contains("Uploadtest_Ulrich"), "the upload's folder name is in server.log");
            RunAs.user(DemoUsers.UPLOADER, () -> {
                assertEquals(linkedBefore, slots.target(slot).slot().studyInstanceUid(),
                        "nothing linked before verification");
                assertTrue(jobs.retryable(slot).stream().anyMatch(v -> v.status().id() == job),
                        "the slot's page offers the failed job again");
                return null;
            });

            // version B is saved while the job waits; the retry still follows A
            int newer = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "DD");
                return profiles.save(withStudyId(original, "PROFILE-B"));
            }).version();
            assertTrue(newer > confirmedWith);
            try (OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
                System.setProperty("pacs.research.node", research.node());
                RunAs.user(DemoUsers.UPLOADER, () -> {
                    jobs.retry(job);
                    return null;
                });
                UploadJobView done = await(job);
                assertEquals(JobState.COMPLETED, done.status().state(), "" + done);
                assertEquals(5, done.status().verified(), "counted once over both runs: " + done);
                assertEquals(0, done.status().failed(), "" + done);
                assertEquals(5, research.instanceCount());
                StudyRecord record = RunAs.user(DemoUsers.UPLOADER, () -> {
                    String inSlot = slots.target(slot).slot().studyInstanceUid();
                    return records.studiesOfSubject(PID).stream().filter(r -> r.studyInstanceUid().equals(inSlot))
                            .findFirst().orElseThrow();
                });
                assertEquals(Integer.valueOf(confirmedWith), record.profileVersion());
                Path zip = dir.resolve("study.zip");
                RunAs.user(DemoUsers.UPLOADER, () -> {
                    try (OutputStream out = Files.newOutputStream(zip)) {
                        return downloads.stream(record.id(), null, out);
                    }
                });
                Path unzipped = unzip(zip, dir.resolve("unzipped"));
                try (Stream<Path> files = Files.list(unzipped)) {
                    for (Path f : files.toList()) {
                        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                        assertTrue(text.contains("PROFILE-A"), f + " carries version A's StudyID");
                        assertFalse(text.contains("PROFILE-B"), f + " carries version B's StudyID");
                    }
                }
            }
        } finally {
            RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "DD");
                return profiles.save(original);
            });
            if (before == null) {
                System.clearProperty("pacs.research.node");
            } else {
                System.setProperty("pacs.research.node", before);
            }
        }
    }

    @Test
    void refusals(@TempDir Path dir) throws Exception {
        generate(dir.resolve("study"), 2);
        // no upload role
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER, () -> session.begin(1L)));
        // a slot of another site of the same study (Munich) is not found for a Dresden uploader
        long munichSlot = RunAs.user(DemoUsers.ADMIN, () -> {
            scopes.select("RTTRIAL", "MUC");
            return slotOf("PID-RT-0201", "RTPLAN", "RT plan set");
        });
        assertThrows(SlotNotFoundException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("RTTRIAL", "DD");
            return session.begin(munichSlot);
        }));
        // a slot of another study the uploader also works in (QOL at Dresden) is not found while RTTRIAL is active
        long otherStudySlot = otherStudySlot();
        assertThrows(SlotNotFoundException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("RTTRIAL", "DD");
            return session.begin(otherStudySlot);
        }));
        assertThrows(SlotNotFoundException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("RTTRIAL", "DD");
            return slots.target(otherStudySlot);
        }));
        // another patient's file in the upload blocks it
        RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("RTTRIAL", "DD");
            session.begin(slotOf(PID, "EOT", "Applied RT plan set"));
            sendFolder(dir.resolve("study"));
            try (InputStream in = Files.newInputStream(PYDICOM.resolve("CT_small.dcm"))) {
                session.receive("other/CT_small.dcm", in);
            }
            assertTrue(session.findings().stream().anyMatch(f -> f.blocking() && f.message().contains("patients")),
                    "" + session.findings());
            UploadRefusedException e = assertThrows(UploadRefusedException.class, () -> session.confirm(true, true));
            assertTrue(e.getMessage().contains("patients"), e.getMessage());
            session.discard();
            return null;
        });
        // pydicom's RT structure set, plan and dose belong to three different patients: together they block
        RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("RTTRIAL", "DD");
            rtSession.begin(slotOf(PID, "EOT", "Applied RT plan set"));
            for (String f : List.of("rtstruct.dcm", "rtplan.dcm", "rtdose.dcm")) {
                try (InputStream in = Files.newInputStream(PYDICOM.resolve(f))) {
                    rtSession.receive("rt/" + f, in);
                }
            }
            assertEquals(3, rtSession.contents().instances().size());
            assertTrue(rtSession.findings().stream().anyMatch(x -> x.blocking() && x.message().contains("patients")),
                    "" + rtSession.findings());
            rtSession.discard();
            return null;
        });
    }

    /**
     * A slot of the QOL study at Dresden for the same patient (PID-RT-0101 enrolled in QOL too), made in the
     * portal tables as the portal would hold it; the demo data has slots in RTTRIAL only.
     */
    private static long otherStudySlot() throws Exception {
        DataSource ds = (DataSource) new InitialContext().lookup("java:jboss/datasources/PacsDS");
        try (Connection c = ds.getConnection()) {
            long study = id(c, "select id from pacs.portal_study where code = 'QOL'");
            long site = id(c, "select id from pacs.portal_site where code = 'DD'");
            long def = idOrInsert(c, "select id from pacs.portal_event_definition where study_id = " + study
                    + " and code = 'IMG'", "insert into pacs.portal_event_definition (study_id, code, name, repeating,"
                    + " position) values (" + study + ", 'IMG', 'Imaging', false, 1)");
            long slotDef = idOrInsert(c, "select id from pacs.portal_slot_definition where definition_id = " + def,
                    "insert into pacs.portal_slot_definition (definition_id, name, expectation, position) values ("
                            + def + ", 'Any CT', 'CT', 1)");
            long subject = idOrInsert(c, "select id from pacs.portal_subject where study_id = " + study
                    + " and pid = '" + PID + "'", "insert into pacs.portal_subject (study_id, site_id, pid,"
                    + " study_subject_id, sex, birth_year) values (" + study + ", " + site + ", '" + PID
                    + "', 'QOL-DD-001', 'M', 1957)");
            long event = idOrInsert(c, "select id from pacs.portal_event where subject_id = " + subject,
                    "insert into pacs.portal_event (subject_id, definition_id, repeat_key) values (" + subject + ", "
                            + def + ", 1)");
            return idOrInsert(c, "select id from pacs.portal_slot where event_id = " + event,
                    "insert into pacs.portal_slot (event_id, slot_definition_id) values (" + event + ", " + slotDef
                            + ")");
        }
    }

    private static long idOrInsert(Connection c, String select, String insert) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(select)) {
            if (r.next()) {
                return r.getLong(1);
            }
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate(insert);
        }
        return id(c, select);
    }

    private static long id(Connection c, String select) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(select)) {
            assertTrue(r.next(), select);
            return r.getLong(1);
        }
    }

    private static ProfileSettings withStudyId(ProfileSettings s, String studyId) {
        String rules = "{\"rules\": [{\"path\": \"StudyID\", \"action\": \"set\", \"value\": \"" + studyId + "\"}]}";
        return new ProfileSettings(s.options(), rules, s.subjectIdentifier(), s.trialSponsor(), s.trialProtocolId(),
                s.trialProtocolName(), s.privatePolicy(), s.keyReference());
    }

    private long slotOf(String pid, String event, String slotName) throws Exception {
        SubjectEvents s = slots.subject(pid);
        return s.events().stream().filter(e -> e.event().definitionCode().equals(event)).findFirst().orElseThrow()
                .slots().stream().filter(x -> x.name().equals(slotName)).findFirst().orElseThrow().id();
    }

    private void sendFolder(Path study) throws IOException, UploadFailedException {
        sendFolder(study, "study");
    }

    private void sendFolder(Path study, String folderName) throws IOException, UploadFailedException {
        try (Stream<Path> s = Files.list(study)) {
            for (Path f : s.sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    session.receive(folderName + "/" + f.getFileName(), in);
                }
            }
        }
    }

    private UploadJobView await(long job) {
        return Awaitility.await("upload job " + job + " ended").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> RunAs.user(DemoUsers.UPLOADER, () -> jobs.view(job)), v -> v != null && v.status().state().ended());
    }

    private static void generate(Path out, int slices) throws IOException, InterruptedException {
        generate(out, slices, HOSPITAL_ID, NAME);
    }

    private static void generate(Path out, int slices, String patientId, String name)
            throws IOException, InterruptedException {
        generate(out, slices, patientId, name, "upload-it-" + patientId);
    }

    private static void generate(Path out, int slices, String patientId, String name, String seed)
            throws IOException, InterruptedException {
        RtStudyFiles.generate(out, "--patient-id", patientId, "--patient-name", name, "--sex", "M", "--birth-date",
                "19570301", "--seed", seed, "--slices", Integer.toString(slices));
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        Files.createDirectories(into);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            int i = 0;
            while ((e = in.getNextEntry()) != null) {
                Files.copy(in, into.resolve(i++ + ".dcm"));
            }
        }
        return into;
    }
}
