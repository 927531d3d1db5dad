package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.lookup.Study0CopyService;
import org.rpb.pacs.lookup.StudyDetail;
import org.rpb.pacs.lookup.StudyDetailService;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.receiver.ModuleReceiver;
import org.rpb.pacs.staging.job.StagingRefusedException;

/**
 * The study detail and Study0-copy services inside WildFly with a real clinical Orthanc: the RT reference
 * tree comes from the RT objects retrieved through the module's receiver and nothing of them stays on
 * disk; suggestions never hold HIS IDs; and callers without the role, outside Study0 or the project, or
 * asking for another patient's study are refused.
 */
@ExtendWith(ArquillianExtension.class)
class StudyDetailServiceIT {
    private static final String HIS_ID = "id00001";
    private static final String PID = "PID-S0-0003";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(StudyDetailServiceIT.class, OrthancServer.class, RtStudyFiles.class);
    }

    @EJB
    private StudyDetailService details;

    @EJB
    private Study0CopyService study0Copies;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private ModuleReceiver receiver;

    @Test
    void theReferenceTreeIsReadFromTheRtObjectsAndNothingStaysOnDisk(@TempDir Path dir) throws Exception {
        List<Path> files = RtStudyFiles.write(dir.resolve("study"), HIS_ID, "Detail^Dora", 2, "study-detail-it");
        // the receiver is for callers who may start staging jobs
        int receiverPort = RunAs.user(DemoUsers.STAGER, () -> receiver.receiver().localAddress().getPort());
        try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", " + receiverPort + "]")) {
            for (Path f : files) {
                clinical.upload(f);
            }
            String study = clinical.studyUids().get(0);
            System.setProperty("pacs.clinical.node", clinical.node());
            long unclaimed = RunAs.user(DemoUsers.STAGER, () -> receiver.unclaimedCount());
            int tempBefore = tempFolders();
            try {
                StudyDetail d = RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return details.detail(PID, study);
                });
                assertNull(d.referencesError());
                assertEquals(PID, d.pid());
                assertEquals("S0-DD-0003", d.studySubjectId());
                Map<String, StudyDetail.Series> byModality = d.series().stream()
                        .collect(Collectors.toMap(StudyDetail.Series::modality, Function.identity()));
                assertEquals(Set.of("CT", "RTSTRUCT", "RTPLAN", "RTDOSE"), byModality.keySet());
                String ct = byModality.get("CT").seriesInstanceUid();
                String rs = byModality.get("RTSTRUCT").seriesInstanceUid();
                String rp = byModality.get("RTPLAN").seriesInstanceUid();
                String rd = byModality.get("RTDOSE").seriesInstanceUid();
                assertEquals(2, byModality.get("CT").instances());
                assertEquals(List.of(), byModality.get("CT").references());
                assertEquals(List.of(ct), byModality.get("RTSTRUCT").references());
                assertEquals(List.of(rs), byModality.get("RTPLAN").references());
                assertEquals(List.of(rp), byModality.get("RTDOSE").references());
                assertEquals(Set.of(rp, rs, ct), d.withReferences(List.of(rp)));
                assertEquals(Set.of(rd, rp, rs, ct), d.withReferences(List.of(rd)));
                assertTrue(d.series().stream().allMatch(s -> s.study0Copy() == null), "nothing staged yet");
                assertEquals("20240305", byModality.get("CT").seriesDate());
                // the RT objects were claimed by the lookup and deleted, none left in the spool or a temp folder
                assertEquals(unclaimed, RunAs.user(DemoUsers.STAGER, () -> receiver.unclaimedCount()));
                assertEquals(tempBefore, tempFolders());

                // another Study0 patient cannot open this patient's study by its UID
                StagingRefusedException other = assertThrows(StagingRefusedException.class,
                        () -> RunAs.user(DemoUsers.STAGER, () -> details.detail("PID-S0-0001", study)));
                assertTrue(other.getMessage().contains("no such study"), other.getMessage());
            } finally {
                System.clearProperty("pacs.clinical.node");
            }
        }
    }

    @Test
    void suggestionsHoldPidsAndSubjectIdsNeverHisIds() throws Exception {
        List<String> s = RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            return details.suggestions("s0-dd-000", 50);
        });
        assertTrue(s.contains("S0-DD-0003"), s.toString());
        assertTrue(s.stream().allMatch(x -> x.startsWith("S0-DD-000")), s.toString());
        List<String> pids = RunAs.user(DemoUsers.STAGER, () -> details.suggestions("", 50));
        assertTrue(pids.contains(PID) && pids.contains("S0-DD-0003"), pids.toString());
        assertTrue(pids.stream().noneMatch(x -> x.equals(HIS_ID) || x.equals("1CT1") || x.equals("4MR1")), pids.toString());
        assertEquals(List.of(), RunAs.user(DemoUsers.STAGER, () -> details.suggestions("id0", 50)));
        assertEquals(2, RunAs.user(DemoUsers.STAGER, () -> details.suggestions("", 2)).size());
    }

    @Test
    void callersWithoutTheRoleOrOutsideTheScopeAreRefused() throws Exception {
        // ROLE_PACS_LOOKUP for the detail and the suggestions
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> details.detail(PID, "1.2.3")));
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER, () -> details.suggestions("", 5)));
        // only in Study0, only for its patients at the active site
        assertThrows(StagingRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("RTTRIAL", "DD");
            return details.suggestions("", 5);
        }));
        StagingRefusedException notStudy0 = assertThrows(StagingRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            return details.detail("PID-RT-0101", "1.2.3");
        }));
        assertTrue(notStudy0.getMessage().contains("not a Study0 patient"), notStudy0.getMessage());

        // Study0 copies: ROLE_PACS_UPLOAD, a DICOM project as the active study, a patient enrolled in it
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER, () -> study0Copies.copiesOf(PID)));
        assertThrows(StagingRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            return study0Copies.copiesOf(PID);
        }));
        StagingRefusedException notEnrolled = assertThrows(StagingRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("RTTRIAL", "DD");
            return study0Copies.copiesOf("PID-S0-0002");
        }));
        assertTrue(notEnrolled.getMessage().contains("not enrolled"), notEnrolled.getMessage());
    }

    private static int tempFolders() throws java.io.IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith("pacs-rt-refs-")).count();
        }
    }
}
