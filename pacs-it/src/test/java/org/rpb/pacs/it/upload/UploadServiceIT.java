package org.rpb.pacs.it.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rpb.pacs.deident.scan.LeakScanner;
import org.rpb.pacs.download.DownloadService;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.upload.AssignExistingService;
import org.rpb.pacs.upload.Finding;
import org.rpb.pacs.upload.SlotNotFoundException;
import org.rpb.pacs.upload.SubjectEvents;
import org.rpb.pacs.upload.UploadJobService;
import org.rpb.pacs.upload.UploadJobView;
import org.rpb.pacs.upload.UploadRefusedException;
import org.rpb.pacs.upload.UploadSessionBean;
import org.rpb.pacs.upload.UploadSlotsService;

/**
 * Workflow 1 in the server: the demo uploader uploads a generated CT + RT study into a slot of subject RT-DD-003
 * against a real Orthanc as research PACS; the same study again gives no second copy; the ZIP download holds no
 * original identifier; refusals for roles, scope, another patient, damaged and foreign files.
 */
@ExtendWith(ArquillianExtension.class)
class UploadServiceIT {

    private static final String PID = "PID-RT-0101";
    private static final String HOSPITAL_ID = "HOSP-UPL-0101";
    private static final String NAME = "Uploadtest^Ulrich";
    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @EJB
    private UploadSessionBean session;

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

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(UploadServiceIT.class, ResearchOrthanc.class);
    }

    @Test
    void uploadIntoASlotIsStoredVerifiedLinkedIdempotentAndDownloadableWithoutIdentifiers() throws Exception {
        Path dir = Files.createTempDirectory("upload-it-");
        Path study = dir.resolve("study");
        generate(study, 3);
        String before = System.getProperty("pacs.research.node");
        try (ResearchOrthanc research = ResearchOrthanc.start(dir.resolve("research"))) {
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

            // assign existing: a study already in the research PACS under the subject's PID goes into another slot
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
                        .anyMatch(c -> c.studyInstanceUid().equals(existingUid)));
                UploadRefusedException unknown = assertThrows(UploadRefusedException.class,
                        () -> assign.assign(planningCt, "1.2.3.4.5.999", true));
                assertTrue(unknown.getMessage().contains("1.2.3.4.5.999"), unknown.getMessage());
                boolean filled = slots.target(planningCt).slot().studyInstanceUid() != null;
                StudyRecord linked = assign.assign(planningCt, existingUid, filled);
                assertEquals(existingUid, slots.target(planningCt).slot().studyInstanceUid());
                assertEquals(4, linked.series().size());
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
    void refusals() throws Exception {
        Path dir = Files.createTempDirectory("upload-it-refusals-");
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
    }

    private long slotOf(String pid, String event, String slotName) throws Exception {
        SubjectEvents s = slots.subject(pid);
        return s.events().stream().filter(e -> e.event().definitionCode().equals(event)).findFirst().orElseThrow()
                .slots().stream().filter(x -> x.name().equals(slotName)).findFirst().orElseThrow().id();
    }

    private void sendFolder(Path study) throws IOException {
        try (Stream<Path> s = Files.list(study)) {
            for (Path f : s.sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    session.receive("study/" + f.getFileName(), in);
                }
            }
        }
    }

    private UploadJobView await(long job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            UploadJobView v = RunAs.user(DemoUsers.UPLOADER, () -> jobs.view(job));
            if (v != null && v.status().state().ended()) {
                return v;
            }
            assertFalse(System.nanoTime() > deadline, "upload job " + job + " did not end within 120 s: " + v);
            Thread.sleep(200);
        }
    }

    private static void generate(Path out, int slices) throws IOException, InterruptedException {
        generate(out, slices, HOSPITAL_ID, NAME);
    }

    private static void generate(Path out, int slices, String patientId, String name)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", script().toString(), "--out", out.toString(),
                "--patient-id", patientId, "--patient-name", name, "--sex", "M", "--birth-date", "19570301",
                "--seed", "upload-it-" + patientId,
                "--slices", Integer.toString(slices)).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
                "make_rt_study.py failed (needs /usr/bin/python3 with python3-pydicom): " + text);
    }

    private static Path script() throws IOException {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("scripts/testdata/make_rt_study.py");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("scripts/testdata/make_rt_study.py not found above " + System.getProperty("user.dir"));
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
