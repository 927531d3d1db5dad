package org.rpb.pacs.it.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;

import javax.sql.DataSource;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.upload.AssignExistingService;
import org.rpb.pacs.upload.SubjectEvents;
import org.rpb.pacs.upload.UploadRefusedException;
import org.rpb.pacs.upload.UploadSlotsService;

/**
 * "Assign existing" stays inside the project: subject PID-S0-0003 is a Study0 member and an RTTRIAL subject at
 * DD with the same PID, and the research PACS (a real Orthanc) holds five studies under that Patient ID: the
 * module's Study0 copy, a copy the staging made for another project, one the module has no record of, one stored by
 * an RTTRIAL upload at DD that failed before recording, and one stored by a failed upload of another project (QOL).
 * The RTTRIAL uploader is offered only the one of its own failed upload, and cannot link the others by passing their
 * UIDs (issue 16: PIDs are the same in every project, so a study nobody can prove to be RTTRIAL's is not offered).
 */
@ExtendWith(ArquillianExtension.class)
class AssignExistingScopeIT {

    private static final String PID = "PID-S0-0003";

    @EJB
    private AssignExistingService assign;

    @EJB
    private UploadSlotsService slots;

    @EJB
    private StudyRecordService records;

    @EJB
    private ActiveScopeService scopes;

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private DataSource db;

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(AssignExistingScopeIT.class, OrthancServer.class, RtStudyFiles.class);
    }

    @Test
    void onlyStudiesProvenToBeThisProjectsAreOfferedAndLinkable(@TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString();
        String before = System.getProperty("pacs.research.node");
        try (OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            System.setProperty("pacs.research.node", research.node());
            String study0Copy = store(research, dir.resolve("s0"), "s0-" + run)[0];
            String otherProject = store(research, dir.resolve("other"), "other-" + run)[0];
            String unknown = store(research, dir.resolve("unknown"), "unknown-" + run)[0];
            String[] failedHere = store(research, dir.resolve("failed-here"), "failed-here-" + run);
            String[] failedQol = store(research, dir.resolve("failed-qol"), "failed-qol-" + run);
            // upload jobs that stored an instance and failed before recording: one of RTTRIAL at DD, one of QOL at DD
            failedUpload("RTTRIAL", failedHere[1]);
            failedUpload("QOL", failedQol[1]);

            // the module's records: a Study0 copy (as staging records it) and a project copy for another project
            RunAs.user(DemoUsers.STAGER, () -> {
                scopes.select("STUDY0", "DD");
                return records.register(new NewStudyRecord(Stage.STUDY0_COPY, PID, study0Copy, null,
                        "2.25.6" + Math.abs(run.hashCode()), "20240305", "Study0 copy", null,
                        List.of(new SeriesRecord(study0Copy + ".1", null, "CT", "CT", 1))));
            });
            try (var c = db.getConnection(); var st = c.prepareStatement("""
                    insert into pacs.staging_copy (job_instance_id, target, source_study_uid, source_series_uid,
                    target_study_uid, target_series_uid, instances, verified, complete, updated_at)
                    values (-1, 'OTHERPROJECT', ?, ?, ?, ?, 1, 1, true, current_timestamp)""")) {
                st.setString(1, "2.25.7" + Math.abs(run.hashCode()));
                st.setString(2, "2.25.8" + Math.abs(run.hashCode()));
                st.setString(3, otherProject);
                st.setString(4, otherProject + ".1");
                st.executeUpdate();
            }

            RunAs.user(DemoUsers.UPLOADER, () -> {
                scopes.select("RTTRIAL", "DD");
                long slot = slotOf("EOT", "Applied RT plan set");
                Set<String> offered = assign.candidates(slot).stream()
                        .map(AssignExistingService.Candidate::studyInstanceUid).collect(Collectors.toSet());
                assertEquals(Set.of(failedHere[0]), offered, "only the study of RTTRIAL's own failed upload");
                for (String foreign : List.of(study0Copy, otherProject, unknown, failedQol[0])) {
                    UploadRefusedException e = assertThrows(UploadRefusedException.class,
                            () -> assign.assign(slot, foreign, true));
                    assertTrue(e.getMessage().contains("no study " + foreign), e.getMessage());
                }
                assertEquals(failedHere[0], assign.assign(slot, failedHere[0], true).studyInstanceUid());
                assertEquals(failedHere[0], slots.target(slot).slot().studyInstanceUid());
                // recorded now: still offered (its record is RTTRIAL's at DD)
                assertTrue(assign.candidates(slot).stream().anyMatch(c -> c.studyInstanceUid().equals(failedHere[0])));
                return null;
            });
            // the Study0 record stays Study0's: RTTRIAL neither took it over nor sees it
            RunAs.user(DemoUsers.UPLOADER, () -> {
                scopes.select("RTTRIAL", "DD");
                assertTrue(records.studiesOfSubject(PID).stream().noneMatch(r -> r.studyInstanceUid().equals(study0Copy)));
                return null;
            });
        } finally {
            if (before == null) {
                System.clearProperty("pacs.research.node");
            } else {
                System.setProperty("pacs.research.node", before);
            }
        }
    }

    private long slotOf(String event, String slotName) throws Exception {
        SubjectEvents s = slots.subject(PID);
        return s.events().stream().filter(e -> e.event().definitionCode().equals(event)).findFirst().orElseThrow()
                .slots().stream().filter(x -> x.name().equals(slotName)).findFirst().orElseThrow().id();
    }

    /** Records an upload job of the study at DD that stored the instance and failed before recording. */
    private void failedUpload(String study, String sopInstanceUid) throws Exception {
        try (var c = db.getConnection()) {
            long job;
            try (var st = c.prepareStatement("""
                    insert into pacs.pacs_job (job_type, state, study_code, site_code, created_by, created_at,
                    retrieved, deidentified, stored, verified, failed)
                    values ('UPLOAD', 'FAILED', ?, 'DD', 'uploader', current_timestamp, 1, 1, 1, 0, 1)""",
                    new String[] {"id"})) {
                st.setString(1, study);
                st.executeUpdate();
                try (var keys = st.getGeneratedKeys()) {
                    keys.next();
                    job = keys.getLong(1);
                }
            }
            try (var st = c.prepareStatement("""
                    insert into pacs.pacs_job_instance (job_id, source_sop_uid, target_sop_uid, state)
                    values (?, ?, ?, 'STORED')""")) {
                st.setLong(1, job);
                st.setString(2, "2.25.1" + Math.abs(sopInstanceUid.hashCode()));
                st.setString(3, sopInstanceUid);
                st.executeUpdate();
            }
        }
    }

    /** Generates a one-slice study of the subject, stores it in the research PACS, returns its study and SOP UIDs. */
    private static String[] store(OrthancServer research, Path out, String seed) throws Exception {
        RtStudyFiles.generate(out, "--patient-id", PID, "--patient-name", "Scope^Test", "--seed", seed, "--slices", "1");
        try (Stream<Path> s = Files.list(out)) {
            for (Path f : s.sorted().toList()) {
                try {
                    research.upload(f);
                } catch (IOException stale) {
                    // Orthanc closes idle keep-alive connections; the client may have picked one: send once more
                    research.upload(f);
                }
            }
        }
        var header = DicomReader.create().readHeaderSummary(out.resolve("CT001.dcm"));
        return new String[] {header.studyInstanceUid(), header.sopInstanceUid()};
    }
}
