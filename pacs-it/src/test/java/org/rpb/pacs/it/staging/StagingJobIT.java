package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;

import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StoreSession;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.deident.rt.ReferenceChecker;
import org.rpb.pacs.deident.scan.LeakScanner;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditEvent;
import org.rpb.pacs.audit.AuditFilter;
import org.rpb.pacs.audit.AuditService;
import org.rpb.pacs.lookup.LookupResult;
import org.rpb.pacs.lookup.LookupService;
import org.rpb.pacs.node.NodeRole;
import org.rpb.pacs.node.PacsNodeAdminService;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.profile.SubjectIdentifier;
import org.rpb.pacs.receiver.ModuleReceiver;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.SlotHistoryEntry;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.staging.job.SeriesCopy;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.staging.job.StagingRefusedException;

/**
 * Staging and project-copy jobs inside WildFly, with two real Orthanc on loopback: the module's own
 * receiver (on the managed executor) takes the clinical PACS's C-MOVE, the Jakarta Batch job
 * de-identifies, stores and verifies every instance, a project copy follows from the research PACS,
 * a retry makes no second copy; both copies become study records (the project copy filling an upload slot)
 * and are audited; a user of the same study at another site sees none of it; and the services refuse
 * callers without the role or outside the scope.
 */
@ExtendWith(ArquillianExtension.class)
class StagingJobIT {
    private static final String HIS_ID = "id00001";
    private static final String NAME = "Mustermann^Max";
    private static final String PID = "PID-S0-0003";
    private static final String SUBJECT = "RT-DD-002";
    private static final int FILES = 4 + 3;

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(StagingJobIT.class, OrthancServer.class, RtStudyFiles.class);
    }

    @EJB
    private StagingJobService jobs;

    @EJB
    private org.rpb.pacs.job.JobService engine;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private ModuleReceiver receiver;

    @EJB
    private LookupService lookup;

    @EJB
    private StudyRecordService records;

    @EJB
    private SubjectService subjects;

    @EJB
    private ProfileService profiles;

    @EJB
    private AuditService audit;

    @EJB
    private PacsNodeAdminService nodeAdmin;

    @EJB
    private org.rpb.pacs.staging.job.StagingProgressStore progress;

    @Test
    void stageIntoStudy0ThenCopyIntoAProjectAsTrackedJobs(@TempDir Path dir) throws Exception {
        assertTrue(RunAs.user(DemoUsers.VIEWER, () -> receiver.running()), "the module's receiver is not running");
        int receiverPort = receiverPort();
        // other tests of the class may have sent instances nobody claimed before this one
        long unclaimed = RunAs.user(DemoUsers.STAGER, () -> receiver.unclaimedCount());
        // the receiver answers an independent C-ECHO as the module's AE
        DicomNetwork.dimse(PacsNode.parse("RPBPACS@127.0.0.1:" + receiverPort, "ITECHO")).echo();

        Path study = dir.resolve("rt-study");
        run(120, "/usr/bin/python3", RtStudyFiles.script().toString(), "--out", study.toString(), "--patient-id", HIS_ID,
                "--patient-name", NAME, "--slices", "4");
        try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", " + receiverPort + "]");
                OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            try (var s = Files.list(study)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".dcm")).toList()) {
                    clinical.upload(f);
                }
            }
            String sourceStudy = clinical.studyUids().get(0);
            // the jobs take the nodes an administrator configured; the system properties (pointing nowhere
            // here) are only the fallback when none is configured
            List<Long> configured = configureNodes(clinical, research);
            System.setProperty("pacs.clinical.node", "NOWHERE@127.0.0.1:1");
            System.setProperty("pacs.research.node", "NOWHERE@127.0.0.1:1");
            // the project's profile writes its Study Subject ID (not the PID) into the copies
            ProfileSettings before = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "DD");
                return profiles.current().map(ProfileVersion::settings).orElse(ProfileSettings.defaults());
            });
            RunAs.user(DemoUsers.ADMIN, () -> profiles.save(new ProfileSettings(before.options(), before.rulesText(),
                    SubjectIdentifier.STUDY_SUBJECT_ID, before.trialSponsor(), before.trialProtocolId(),
                    before.trialProtocolName(), before.privatePolicy(), before.keyReference())));
            try {
                long exec = RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return jobs.stageIntoStudy0(sourceStudy, List.of(), PID);
                });
                JobStatus s0 = await(exec);
                assertEquals("COMPLETED", s0.state().name(), s0.toString());
                assertEquals("VERIFIED", s0.outcome(), s0.toString());
                assertEquals(FILES, s0.reached(InstanceState.VERIFIED));
                assertEquals(FILES, research.instanceCount());
                // the job took the configured nodes with their timeouts, not the defaults
                Properties params = batchParameters(exec);
                assertEquals(List.of("5000", "45000", "5000", "45000"), List.of(
                        params.getProperty("sourceConnectTimeoutMs"), params.getProperty("sourceResponseTimeoutMs"),
                        params.getProperty("archiveConnectTimeoutMs"), params.getProperty("archiveResponseTimeoutMs")));
                assertEquals(unclaimed, RunAs.user(DemoUsers.STAGER, () -> receiver.unclaimedCount()),
                        "instances the job did not claim");

                // a retry of a complete job makes no second copy
                RunAs.user(DemoUsers.STAGER, () -> engine.retry(exec));
                assertEquals("VERIFIED", await(exec).outcome());
                assertEquals(FILES, research.instanceCount());

                String study0Uid = research.studyUids().get(0);
                assertNotEquals(sourceStudy, study0Uid);
                // the module's own records know the Study0 copy of each clinical series
                List<SeriesCopy> s0copies = RunAs.user(DemoUsers.STAGER, () -> jobs.copiesOf(List.of(sourceStudy)));
                assertEquals(4, s0copies.size(), s0copies.toString());
                assertTrue(s0copies.stream().allMatch(c -> c.complete() && c.target().equals("STUDY0")
                        && c.targetStudyUid().equals(study0Uid)), s0copies.toString());
                // one study record of the Study0 copy (the retry added none), its source the clinical UIDs
                List<StudyRecord> s0records = RunAs.user(DemoUsers.STAGER, () -> records.studiesOfSubject(PID)).stream()
                        .filter(r -> r.studyInstanceUid().equals(study0Uid)).toList();
                assertEquals(1, s0records.size(), s0records.toString());
                StudyRecord s0record = s0records.get(0);
                assertEquals(Stage.STUDY0_COPY, s0record.stage());
                assertEquals(sourceStudy, s0record.sourceStudyUid());
                assertEquals(s0copies.stream().map(SeriesCopy::sourceSeriesUid).sorted().toList(),
                        s0record.series().stream().map(SeriesRecord::sourceSeriesUid).sorted().toList());
                assertEquals(FILES, s0record.series().stream().mapToInt(SeriesRecord::instanceCount).sum());

                // the project copy fills an empty upload slot of the subject; slots of others are refused
                long slot = RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("RTTRIAL", "DD");
                    return emptySlot(PID);
                });
                long otherSubjectsSlot = RunAs.user(DemoUsers.STAGER, () -> anySlot("PID-RT-0101"));
                long otherSitesSlot = RunAs.user(DemoUsers.ADMIN, () -> {
                    scopes.select("RTTRIAL", "MUC");
                    return anySlot("PID-RT-0201");
                });
                StagingRefusedException other = assertThrows(StagingRefusedException.class, () -> RunAs.user(
                        DemoUsers.STAGER, () -> jobs.copyToProject(study0Uid, List.of(), PID, otherSubjectsSlot)));
                assertTrue(other.getMessage().contains("another subject"), other.getMessage());
                StagingRefusedException muc = assertThrows(StagingRefusedException.class, () -> RunAs.user(
                        DemoUsers.STAGER, () -> jobs.copyToProject(study0Uid, List.of(), PID, otherSitesSlot)));
                assertTrue(muc.getMessage().contains("not in the active study and site"), muc.getMessage());
                long copy = RunAs.user(DemoUsers.STAGER, () -> jobs.copyToProject(study0Uid, List.of(), PID, slot));
                JobStatus pc = await(copy);
                assertEquals("VERIFIED", pc.outcome(), pc.toString());
                assertEquals(2 * FILES, research.instanceCount());
                List<SeriesCopy> pcopies = RunAs.user(DemoUsers.STAGER, () -> jobs.copiesOf(List.of(study0Uid)));
                assertEquals(4, pcopies.size(), pcopies.toString());
                assertTrue(pcopies.stream().allMatch(c -> c.complete() && c.target().equals("RTTRIAL")), pcopies.toString());
                List<JobStatus> listed = RunAs.user(DemoUsers.STAGER, () -> engine.jobs(10));
                assertTrue(listed.stream().anyMatch(j -> j.id() == copy), listed.toString());
                assertTrue(listed.stream().allMatch(j -> j.studyCode().equals("RTTRIAL")), listed.toString());
                // the Study0 job is not visible from the project
                assertThrows(org.rpb.pacs.job.JobRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> engine.status(exec)));

                String projectUid = research.studyUids().stream().filter(u -> !u.equals(study0Uid)).findFirst().orElseThrow();
                StudyRecord precord = RunAs.user(DemoUsers.STAGER, () -> records.studiesOfSubject(PID)).stream()
                        .filter(r -> r.studyInstanceUid().equals(projectUid)).findFirst().orElseThrow();
                assertEquals(Stage.PROJECT_COPY, precord.stage());
                assertEquals(study0Uid, precord.sourceStudyUid());
                assertEquals(s0record.id(), precord.sourceRecordId());
                assertEquals(slot, precord.slotId());
                assertEquals(projectUid, RunAs.user(DemoUsers.STAGER, () -> subjects.slot(slot)).orElseThrow()
                        .studyInstanceUid());
                List<SlotHistoryEntry> history = RunAs.user(DemoUsers.STAGER, () -> records.slotHistory(slot));
                assertEquals(precord.id(), history.get(history.size() - 1).studyRecordId(), history.toString());

                // STAGE and COPY are audited with PID and UIDs, never the HIS ID or the name
                List<AuditEvent> staged = RunAs.user(DemoUsers.ADMIN, () -> {
                    scopes.select("STUDY0", "DD");
                    return audit.events(AuditFilter.all().withAction(AuditAction.STAGE).withPid(PID), 0, 50).events();
                });
                assertTrue(staged.stream().anyMatch(e -> study0Uid.equals(e.studyInstanceUid())), staged.toString());
                List<AuditEvent> copied = RunAs.user(DemoUsers.ADMIN, () -> {
                    scopes.select("RTTRIAL", "DD");
                    return audit.events(AuditFilter.all().withPid(PID), 0, 200).events();
                });
                assertTrue(copied.stream().anyMatch(e -> e.action() == AuditAction.COPY
                        && projectUid.equals(e.studyInstanceUid())), copied.toString());
                assertTrue(copied.stream().anyMatch(e -> e.action() == AuditAction.LINK
                        && projectUid.equals(e.studyInstanceUid())), copied.toString());
                for (AuditEvent e : concat(staged, copied)) {
                    assertTrue(!e.toString().contains(HIS_ID) && !e.toString().contains("Mustermann"), e.toString());
                }

                // a user of the same study at another site gets none of it
                RunAs.user(DemoUsers.ADMIN, () -> scopes.select("RTTRIAL", "MUC"));
                assertTrue(RunAs.user(DemoUsers.ADMIN, () -> engine.jobs(500)).stream()
                        .noneMatch(j -> j.id() == copy));
                assertThrows(org.rpb.pacs.job.JobRefusedException.class, () -> RunAs.user(DemoUsers.ADMIN, () -> engine.status(copy)));
                assertThrows(org.rpb.pacs.job.JobRefusedException.class, () -> RunAs.user(DemoUsers.ADMIN, () -> engine.retry(copy)));
                assertThrows(org.rpb.pacs.job.JobRefusedException.class, () -> RunAs.user(DemoUsers.ADMIN, () -> {
                    engine.cancel(copy);
                    return null;
                }));
                assertEquals(List.of(), RunAs.user(DemoUsers.ADMIN, () -> jobs.copiesOf(List.of(study0Uid))));
                assertEquals(List.of(), RunAs.user(DemoUsers.ADMIN, () -> records.studiesOfSubject(PID)));
                // ... while at the job's own site the same user sees it
                RunAs.user(DemoUsers.ADMIN, () -> scopes.select("RTTRIAL", "DD"));
                assertEquals("VERIFIED", RunAs.user(DemoUsers.ADMIN, () -> engine.status(copy)).outcome());
                assertEquals(4, RunAs.user(DemoUsers.ADMIN, () -> jobs.copiesOf(List.of(study0Uid))).size());
                Path copyDir = Files.createDirectories(dir.resolve("project-copy"));
                ResearchArchives.open(new ArchiveConfig(PacsNode.parse(research.node(), "ITCHECK"),
                        ArchiveConfig.Protocol.DIMSE)).fetchStudy(projectUid, copyDir);
                assertEquals(List.of(), ReferenceChecker.check(copyDir));
                assertEquals(List.of(), LeakScanner.of(List.of(HIS_ID, NAME, PID, "19630412")).scan(copyDir));
                String ids = run(60, "/usr/bin/python3", "-c", "import sys, os, pydicom\n"
                        + "d = sys.argv[1]\n"
                        + "print(sorted({str(pydicom.dcmread(os.path.join(d, n)).PatientID) for n in os.listdir(d)}))",
                        copyDir.toString());
                assertEquals("['" + SUBJECT + "']", ids.trim());
            } finally {
                System.clearProperty("pacs.clinical.node");
                System.clearProperty("pacs.research.node");
                removeNodes(configured);
                RunAs.user(DemoUsers.ADMIN, () -> {
                    scopes.select("RTTRIAL", "DD");
                    return profiles.save(before);
                });
            }
        }
    }

    /**
     * A clinical PACS moves several series at once, each over an association of its own to the module's receiver:
     * eight senders each keep their association open after a first C-STORE, and every one is answered while the
     * others are still open. (The receiver ran on the server's default managed executor until round 8: two threads
     * per processor, one of them its accept loop, so on 2 cores the fourth sender waited unanswered.)
     */
    @Test
    void theReceiverAnswersEightSendersAtOnce(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("ct");
        run(120, "/usr/bin/python3", RtStudyFiles.script().toString(), "--out", study.toString(), "--patient-id", HIS_ID,
                "--patient-name", NAME, "--slices", "8");
        List<Path> slices;
        try (var s = Files.list(study)) {
            slices = s.filter(p -> p.getFileName().toString().startsWith("CT")).sorted().toList();
        }
        assertEquals(8, slices.size());
        PacsNode module = PacsNode.parse("RPBPACS@127.0.0.1:" + receiverPort(), "ITSENDER");
        long unclaimed = RunAs.user(DemoUsers.STAGER, () -> receiver.unclaimedCount());
        System.setProperty(ModuleReceiver.ALLOWED_PROPERTY, "ITSENDER");
        ExecutorService senders = Executors.newFixedThreadPool(slices.size());
        List<StoreSession> open = new CopyOnWriteArrayList<>();
        try {
            List<Future<StoreResult.Instance>> stored = new ArrayList<>();
            for (Path slice : slices) {
                stored.add(senders.submit(() -> {
                    StoreSession session = DicomNetwork.dimse(module).openStore();
                    open.add(session);
                    return session.store(slice);
                }));
            }
            for (Future<StoreResult.Instance> f : stored) {
                StoreResult.Instance r = f.get(20, TimeUnit.SECONDS);
                assertTrue(r.stored(), r.reason());
            }
        } finally {
            open.forEach(StoreSession::close);
            senders.shutdownNow();
            System.clearProperty(ModuleReceiver.ALLOWED_PROPERTY);
        }
        // nobody expected them: each was taken, answered, and deleted
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> RunAs.user(DemoUsers.STAGER, () -> receiver.unclaimedCount()) == unclaimed + slices.size());
    }

    private int receiverPort() throws Exception {
        return RunAs.user(DemoUsers.STAGER, () -> receiver.receiver().localAddress().getPort());
    }

    /** Configures the two Orthanc as the clinical and research node, as an administrator does. */
    private List<Long> configureNodes(OrthancServer clinical, OrthancServer research) throws Exception {
        return RunAs.user(DemoUsers.ADMIN, () -> List.of(
                nodeAdmin.create(node("IT clinical", NodeRole.CLINICAL, clinical.node())).id(),
                nodeAdmin.create(node("IT research", NodeRole.RESEARCH, research.node())).id()));
    }

    private void removeNodes(List<Long> ids) throws Exception {
        RunAs.user(DemoUsers.ADMIN, () -> {
            for (long id : ids) {
                nodeAdmin.delete(id);
            }
            return null;
        });
    }

    private static org.rpb.pacs.node.PacsNode node(String name, NodeRole role, String address) {
        PacsNode a = PacsNode.parse(address, "RPBPACS");
        return new org.rpb.pacs.node.PacsNode(null, name, role, a.aeTitle(), a.host(), a.port(), "RPBPACS", 5000,
                45000, null);
    }

    /** The batch job parameters of the module's job. */
    private static Properties batchParameters(long jobId) {
        JobOperator op = BatchRuntime.getJobOperator();
        return op.getJobInstances("pacs-staging", 0, 10_000).stream().flatMap(i -> op.getJobExecutions(i).stream())
                .map(e -> op.getParameters(e.getExecutionId()))
                .filter(p -> Long.toString(jobId).equals(p.getProperty("jobId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no batch execution of job " + jobId));
    }

    /** An empty upload slot of the subject in the caller's active study and site. */
    private long emptySlot(String pid) throws Exception {
        for (EventOccurrence e : subjects.events(pid)) {
            for (UploadSlot s : subjects.slots(e.id())) {
                if (s.filledWith().isEmpty()) {
                    return s.id();
                }
            }
        }
        throw new AssertionError("no empty upload slot of " + pid);
    }

    /** Any upload slot of the subject in the caller's active study and site. */
    private long anySlot(String pid) throws Exception {
        for (EventOccurrence e : subjects.events(pid)) {
            for (UploadSlot s : subjects.slots(e.id())) {
                return s.id();
            }
        }
        throw new AssertionError("no upload slot of " + pid);
    }

    private static List<AuditEvent> concat(List<AuditEvent> a, List<AuditEvent> b) {
        List<AuditEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aRetryKeepsTheProfileVersionTheJobWasStartedWith(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("rt-study");
        run(120, "/usr/bin/python3", RtStudyFiles.script().toString(), "--out", study.toString(), "--patient-id", HIS_ID,
                "--patient-name", NAME, "--slices", "2", "--seed", "profile-version-it");
        String studyUid = run(60, "/usr/bin/python3", "-c", "import sys, os, pydicom\n"
                + "d = sys.argv[1]\n"
                + "print(pydicom.dcmread(os.path.join(d, sorted(n for n in os.listdir(d) if n.endswith('.dcm'))[0]))"
                + ".StudyInstanceUID)", study.toString()).trim();
        String ctSeries = run(60, "/usr/bin/python3", "-c", "import sys, os, pydicom\n"
                + "d = sys.argv[1]\n"
                + "print(sorted({str(x.SeriesInstanceUID) for x in (pydicom.dcmread(os.path.join(d, n)) for n in os.listdir(d)"
                + " if n.endswith('.dcm')) if x.Modality == 'CT'})[0])", study.toString()).trim();
        try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", " + receiverPort() + "]");
                OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            List<Long> configured = configureNodes(clinical, research);
            ProfileSettings before = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("STUDY0", "DD");
                return profiles.current().map(ProfileVersion::settings).orElse(ProfileSettings.defaults());
            });
            try {
                int n = RunAs.user(DemoUsers.ADMIN, () -> profiles.save(settingStudyId(before, "VERSION-N"))).version();
                long exec = RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return jobs.stageIntoStudy0(studyUid, List.of(ctSeries), PID);
                });
                // the clinical PACS does not hold the study yet: the job fails
                JobStatus failed = await(exec);
                assertEquals("FAILED", failed.state().name(), failed.toString());
                assertEquals(0, research.instanceCount());

                int n1 = RunAs.user(DemoUsers.ADMIN, () -> profiles.save(settingStudyId(before, "VERSION-N1"))).version();
                assertEquals(n + 1, n1);
                try (var files = Files.list(study)) {
                    for (Path f : files.filter(x -> x.toString().endsWith(".dcm")).toList()) {
                        clinical.upload(f);
                    }
                }
                RunAs.user(DemoUsers.STAGER, () -> engine.retry(exec));
                JobStatus done = await(exec);
                assertEquals("VERIFIED", done.outcome(), done.toString());
                assertEquals(2, research.instanceCount());

                String copyUid = research.studyUids().get(0);
                Path copyDir = Files.createDirectories(dir.resolve("study0-copy"));
                ResearchArchives.open(new ArchiveConfig(PacsNode.parse(research.node(), "ITCHECK"),
                        ArchiveConfig.Protocol.DIMSE)).fetchStudy(copyUid, copyDir);
                String studyIds = run(60, "/usr/bin/python3", "-c", "import sys, os, pydicom\n"
                        + "d = sys.argv[1]\n"
                        + "print(sorted({str(pydicom.dcmread(os.path.join(d, n)).StudyID) for n in os.listdir(d)}))",
                        copyDir.toString());
                assertEquals("['VERSION-N']", studyIds.trim());
                StudyRecord record = RunAs.user(DemoUsers.STAGER, () -> records.studiesOfSubject(PID)).stream()
                        .filter(r -> r.studyInstanceUid().equals(copyUid)).findFirst().orElseThrow();
                assertEquals(n, record.profileVersion());
                assertEquals(1, record.series().size(), record.toString());

                // staging the rest of the study later adds its series to the same record
                long rest = RunAs.user(DemoUsers.STAGER, () -> jobs.stageIntoStudy0(studyUid, List.of(), PID));
                assertEquals("VERIFIED", await(rest).outcome());
                assertEquals(2 + 3, research.instanceCount());
                List<StudyRecord> after = RunAs.user(DemoUsers.STAGER, () -> records.studiesOfSubject(PID)).stream()
                        .filter(r -> r.studyInstanceUid().equals(copyUid)).toList();
                assertEquals(1, after.size(), after.toString());
                assertEquals(record.id(), after.get(0).id());
                assertEquals(4, after.get(0).series().size(), after.toString());
                assertEquals(2 + 3, after.get(0).series().stream().mapToInt(SeriesRecord::instanceCount).sum());
            } finally {
                removeNodes(configured);
                RunAs.user(DemoUsers.ADMIN, () -> {
                    scopes.select("STUDY0", "DD");
                    return profiles.save(before);
                });
            }
        }
    }

    private static ProfileSettings settingStudyId(ProfileSettings s, String value) {
        return new ProfileSettings(s.options(), "{\"rules\": [{\"path\": \"StudyID\", \"action\": \"set\", "
                + "\"value\": \"" + value + "\"}]}", s.subjectIdentifier(), s.trialSponsor(), s.trialProtocolId(),
                s.trialProtocolName(), s.privatePolicy(), s.keyReference());
    }

    @Test
    void lookupFindsStudy0PatientsRefusesOtherIdsAndShowsTheCopies(@TempDir Path dir) throws Exception {
        try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", " + receiverPort() + "]");
                OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            // pydicom's CT_small.dcm has PatientID 1CT1: the demo's Study0 patient PID-S0-0001 at DD
            clinical.upload(Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm"));
            System.setProperty("pacs.clinical.node", clinical.node());
            System.setProperty("pacs.research.node", research.node());
            try {
                LookupResult r = RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return lookup.lookup("1CT1, S0-DD-0002\nNOT-IN-STUDY0/99  PID-S0-0001");
                });
                assertEquals(List.of("NOT-IN-STUDY0/99"), r.refused());
                assertEquals(List.of("PID-S0-0001", "PID-S0-0002"), r.patients().stream().map(LookupResult.Patient::pid).toList());
                LookupResult.Patient ct = r.patients().get(0);
                assertEquals(1, ct.studies().size(), String.valueOf(ct.error()));
                LookupResult.Study st = ct.studies().get(0);
                assertEquals(1, st.series().size());
                assertEquals(1, st.series().get(0).instances());
                assertEquals(List.of(), r.patients().get(1).studies());

                assertEquals("1CT1", RunAs.user(DemoUsers.STAGER, () -> lookup.hisPatientId("PID-S0-0001")));
                long exec = RunAs.user(DemoUsers.STAGER,
                        () -> jobs.stageIntoStudy0(st.studyInstanceUid(), List.of(), "PID-S0-0001"));
                assertEquals("VERIFIED", await(exec).outcome());
                LookupResult after = RunAs.user(DemoUsers.STAGER, () -> lookup.lookup("S0-DD-0001"));
                LookupResult.Study staged = after.patients().get(0).studies().get(0);
                assertTrue(staged.staged(), staged.toString());
                assertEquals(research.studyUids().get(0), staged.series().get(0).study0Copy().targetStudyUid());

                // outside Study0, or without the lookup role, nothing is looked up
                assertThrows(StagingRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("RTTRIAL", "DD");
                    return lookup.lookup("1CT1");
                }));
                assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> lookup.lookup("1CT1")));
                assertThrows(StagingRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return lookup.hisPatientId("PID-UNKNOWN");
                }));
            } finally {
                System.clearProperty("pacs.clinical.node");
                System.clearProperty("pacs.research.node");
            }
        }
    }

    @Test
    void servicesRefuseCallersWithoutTheRoleOrOutsideTheScope() throws Exception {
        // the receiver and the progress store are no open doors either
        assertThrows(EJBAccessException.class, () -> receiver.running());
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER, () -> receiver.receiver()));
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.OUTSIDER, () -> receiver.unclaimedCount()));
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER, () -> progress.copiesOf(List.of("1.2.3"))));
        assertThrows(EJBAccessException.class, () -> engine.record(1L, List.of()));
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER,
                () -> jobs.stageIntoStudy0("1.2.3", List.of(), "PID-S0-0001")));
        assertThrows(EJBAccessException.class, () -> jobs.copyToProject("1.2.3", List.of(), "PID-S0-0001", null));
        // staging needs Study0 active; a copy needs a project active
        assertThrows(StagingRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("RTTRIAL", "DD");
            return jobs.stageIntoStudy0("1.2.3", List.of(), "PID-S0-0001");
        }));
        assertThrows(StagingRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            return jobs.copyToProject("1.2.3", List.of(), "PID-S0-0001", null);
        }));
        // a patient not in Study0 cannot be staged; a patient not enrolled in the project cannot be copied into it
        StagingRefusedException notInStudy0 = assertThrows(StagingRefusedException.class,
                () -> RunAs.user(DemoUsers.STAGER, () -> jobs.stageIntoStudy0("1.2.3", List.of(), "PID-RT-0101")));
        assertTrue(notInStudy0.getMessage().contains("not a subject"), notInStudy0.getMessage());
        StagingRefusedException notEnrolled = assertThrows(StagingRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("RTTRIAL", "DD");
            return jobs.copyToProject("1.2.3", List.of(), "PID-S0-0002", null);
        }));
        assertTrue(notEnrolled.getMessage().contains("not a subject"), notEnrolled.getMessage());
        assertThrows(org.rpb.pacs.job.JobRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> engine.status(999_999_999L)));
    }

    private JobStatus await(long exec) {
        return Awaitility.await("job " + exec + " finished").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> RunAs.user(DemoUsers.STAGER, () -> engine.status(exec)), JobStatus::finished);
    }


    private static String run(int seconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " did not finish in " + seconds + " s");
        }
        String text = new String(out);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (needs apt-get install python3-pydicom): " + text);
        }
        return text;
    }
}
