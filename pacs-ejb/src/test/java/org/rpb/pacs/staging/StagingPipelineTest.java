package org.rpb.pacs.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.ReceiverConfig;
import org.rpb.pacs.core.net.StoreReceiver;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rt.ReferenceChecker;
import org.rpb.pacs.deident.scan.LeakScanner;

/**
 * The staging pipeline against two real Orthanc instances (clinical and research) and the module's
 * own C-STORE receiver: Study0 staging by C-MOVE, a project copy by C-GET from the research PACS,
 * idempotent re-runs, and failures that end in per-instance reasons and a complete copy after a retry.
 */
@Tag("external")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StagingPipelineTest {
    private static final String HIS_ID = "KH-2024/0815";
    private static final String NAME = "Mustermann^Max";
    private static final String BIRTH = "19630412";
    private static final String PID = "PIDS0X7Q2";
    private static final String PROJECT_SUBJECT = "HN01-DD-007";
    private static final int SLICES = 6;
    private static final int FILES = SLICES + 3;

    @TempDir
    static Path tmp;
    private OrthancServer clinical;
    private OrthancServer research;
    private StoreReceiver receiver;
    private ExecutorService executor;
    private Path rtStudy;
    private String sourceStudyUid;

    @BeforeAll
    void start() throws Exception {
        int receiverPort = OrthancServer.freePort();
        executor = Executors.newCachedThreadPool();
        receiver = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("RPBPACS").port(receiverPort)
                .spoolFolder(tmp.resolve("receiver")).executor(executor).build());
        receiver.start();
        clinical = OrthancServer.builder().aeTitle("CLINICAL").workDir(tmp.resolve("clinical"))
                .modality("RPBPACS", "127.0.0.1", receiverPort).start();
        research = OrthancServer.builder().aeTitle("RESEARCH").workDir(tmp.resolve("research")).start();
        rtStudy = tmp.resolve("rt-study");
        TestData.Run r = TestData.run(120, "/usr/bin/python3", script().toString(), "--out", rtStudy.toString(),
                "--patient-id", HIS_ID, "--patient-name", NAME, "--birth-date", BIRTH, "--slices", Integer.toString(SLICES));
        assertEquals(0, r.exit(), "make_rt_study.py (needs apt-get install python3-pydicom): " + r.output());
        List<Path> files = TestData.dicomFiles(rtStudy);
        assertEquals(FILES, files.size());
        for (Path f : files) {
            clinical.upload(f);
        }
        sourceStudyUid = pydicom(rtStudy).values().iterator().next().get("StudyInstanceUID").toString();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (receiver != null) {
            receiver.close();
        }
        if (clinical != null) {
            clinical.close();
        }
        if (research != null) {
            research.close();
        }
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static Path script() {
        Path p = Path.of("..", "scripts", "testdata", "make_rt_study.py").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(p), p + " missing");
        return p;
    }

    private PacsNode node(OrthancServer o) {
        return PacsNode.builder().aeTitle(o.aeTitle()).host("127.0.0.1").port(o.dicomPort()).callingAeTitle("RPBPACS")
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private ResearchArchive archive() {
        return ResearchArchives.open(new ArchiveConfig(node(research), ArchiveConfig.Protocol.DIMSE));
    }

    private static byte[] key(String seed) {
        return (seed + "-0123456789abcdef-secret").getBytes(StandardCharsets.US_ASCII);
    }

    private StagingRequest study0Request() {
        return StagingRequest.builder().studyInstanceUid(sourceStudyUid)
                .deidentifier(Deidentifier.builder().key(key("study0"))
                        .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build())
                .subject(SubjectContext.builder(PID, PID).expectedPatientId(HIS_ID).trialSiteId("DD").build())
                .build();
    }

    private StagingRequest projectRequest(String study0Uid) {
        return StagingRequest.builder().studyInstanceUid(study0Uid)
                .deidentifier(Deidentifier.builder().key(key("project-hn01"))
                        .profile(Profile.basic().with(Option.CLEAN_DESCRIPTORS)).build())
                .subject(SubjectContext.builder(PROJECT_SUBJECT, PROJECT_SUBJECT).expectedPatientId(PID)
                        .trialProtocolId("HN01").trialSubjectId(PROJECT_SUBJECT).build())
                .build();
    }

    private StagingPipeline pipeline(SourcePacs source) {
        return StagingPipeline.builder().source(source).archive(archive()).spoolFolder(tmp.resolve("spool")).build();
    }

    @Test
    void study0ThenProjectCopyAreCompleteConsistentCleanAndUnlinkable() throws Exception {
        List<InstanceProgress> events = Collections.synchronizedList(new ArrayList<>());
        StagingRequest s0 = study0Request();
        StagingResult r0 = pipeline(SourcePacs.cMove(node(clinical), receiver, Duration.ofSeconds(30)))
                .run(s0, events::add, CancelToken.create());
        assertTrue(r0.complete(), "Study0 staging failures: " + r0.failures());
        assertEquals(FILES, r0.verified());
        assertEquals(0, r0.skipped());
        for (InstanceState st : InstanceState.values()) {
            long n = events.stream().filter(e -> e.state() == st).count();
            // PENDING is the job's state before any step; the pipeline reports steps only
            assertEquals(st == InstanceState.FAILED || st == InstanceState.PENDING ? 0 : FILES, n, "events in state " + st);
        }
        assertEquals(s0.targetStudyInstanceUid(), r0.targetStudyInstanceUid());
        assertFalse(r0.targetStudyInstanceUid().equals(sourceStudyUid));

        // a second run finds everything verified and copies nothing
        int before = research.instanceCount();
        StagingResult again = pipeline(SourcePacs.cMove(node(clinical), receiver, Duration.ofSeconds(30)))
                .run(study0Request(), StagingListener.NONE, CancelToken.create());
        assertTrue(again.complete());
        assertEquals(FILES, again.skipped());
        assertEquals(before, research.instanceCount());

        // project copy from the research PACS (C-GET), other key, other subject, other options
        StagingRequest p = projectRequest(r0.targetStudyInstanceUid());
        StagingResult r1 = pipeline(SourcePacs.cGet(node(research))).run(p, StagingListener.NONE, CancelToken.create());
        assertTrue(r1.complete(), "project copy failures: " + r1.failures());
        assertEquals(FILES, r1.verified());
        assertEquals(2 * FILES, research.instanceCount());

        Path study0Copy = Files.createDirectories(tmp.resolve("check-study0"));
        Path projectCopy = Files.createDirectories(tmp.resolve("check-project"));
        assertEquals(FILES, archive().fetchStudy(r0.targetStudyInstanceUid(), study0Copy).size());
        assertEquals(FILES, archive().fetchStudy(r1.targetStudyInstanceUid(), projectCopy).size());

        // RT references resolve within each copy (CT <- RTSTRUCT <- RTPLAN <- RTDOSE)
        assertEquals(List.of(), ReferenceChecker.check(study0Copy));
        assertEquals(List.of(), ReferenceChecker.check(projectCopy));
        // no original identifier in either copy; the project copy does not carry the Study0 PID either
        List<String> original = List.of(HIS_ID, NAME, BIRTH, "OLD-" + HIS_ID, "2 Patient Road, Exampletown");
        assertEquals(List.of(), LeakScanner.of(original).scan(study0Copy));
        List<String> withPid = new ArrayList<>(original);
        withPid.add(PID);
        assertEquals(List.of(), LeakScanner.of(withPid).scan(projectCopy));

        // an independent reader: identifiers, predicted UIDs, and no UID shared between the copies
        Map<String, Map<String, Object>> s0Files = pydicom(study0Copy);
        Map<String, Map<String, Object>> pFiles = pydicom(projectCopy);
        Set<String> sourceUids = new HashSet<>();
        pydicom(rtStudy).values().forEach(m -> sourceUids.addAll(uids(m)));
        Set<String> s0Uids = new HashSet<>();
        Set<String> pUids = new HashSet<>();
        for (Map<String, Object> m : s0Files.values()) {
            assertEquals(PID, m.get("PatientID"));
            assertEquals(PID, m.get("PatientName"));
            assertEquals(r0.targetStudyInstanceUid(), m.get("StudyInstanceUID"));
            s0Uids.addAll(uids(m));
        }
        for (Map<String, Object> m : pFiles.values()) {
            assertEquals(PROJECT_SUBJECT, m.get("PatientID"));
            assertEquals(PROJECT_SUBJECT, m.get("PatientName"));
            assertEquals(p.targetStudyInstanceUid(), m.get("StudyInstanceUID"));
            assertEquals(PROJECT_SUBJECT, m.get("ClinicalTrialSubjectID"));
            pUids.addAll(uids(m));
        }
        Set<String> expectedProjectSops = r1.instances().stream().map(InstanceProgress::targetSopInstanceUid)
                .collect(Collectors.toSet());
        assertEquals(expectedProjectSops, pFiles.values().stream().map(m -> (String) m.get("SOPInstanceUID"))
                .collect(Collectors.toSet()));
        assertTrue(s0Uids.size() > FILES);
        assertEquals(Set.of(), intersect(s0Uids, pUids), "UIDs shared by the Study0 and project copies");
        assertEquals(Set.of(), intersect(sourceUids, s0Uids), "source UIDs in the Study0 copy");
        assertEquals(Set.of(), intersect(sourceUids, pUids), "source UIDs in the project copy");
    }

    @Test
    void refusedMoveAndResearchPacsDownEndWithReasonsAndARetryCompletes() throws Exception {
        // a separate study so that the other test's counts stay exact
        Path other = tmp.resolve("other-study");
        TestData.Run gen = TestData.run(120, "/usr/bin/python3", script().toString(), "--out", other.toString(),
                "--patient-id", "HIS-0002", "--patient-name", "Beispiel^Erika", "--slices", "3", "--seed", "other");
        assertEquals(0, gen.exit(), gen.output());
        for (Path f : TestData.dicomFiles(other)) {
            clinical.upload(f);
        }
        String study = (String) pydicom(other).values().iterator().next().get("StudyInstanceUID");
        StagingRequest req = StagingRequest.builder().studyInstanceUid(study)
                .deidentifier(Deidentifier.builder().key(key("study0")).build())
                .subject(SubjectContext.builder("PID0002", "PID0002").expectedPatientId("HIS-0002").build()).build();

        // the clinical PACS does not know this move destination: it refuses, nothing is lost
        try (StoreReceiver unknown = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("NOTKNOWN").port(0)
                .spoolFolder(tmp.resolve("unknown")).executor(executor).build())) {
            unknown.start();
            CountingArchive counting = new CountingArchive(archive());
            StagingResult refused = StagingPipeline.builder().source(SourcePacs.cMove(node(clinical), unknown,
                    Duration.ofSeconds(5))).archive(counting).spoolFolder(tmp.resolve("spool")).build()
                    .run(req, StagingListener.NONE, CancelToken.create());
            assertFalse(refused.complete());
            assertEquals(6, refused.failures().size());
            assertTrue(refused.failures().get(0).reason().contains("C-MOVE failed"), refused.failures().get(0).reason());
            assertFalse(refused.failures().get(0).reason().contains("HIS-0002"));
            // workers (and their store associations) start with the first arrival, not while the source is asked
            assertEquals(0, counting.sessions.get(), "store sessions opened by a run that received nothing");
        }

        // the research PACS is down: every instance fails with the store reason
        ResearchArchive down = ResearchArchives.open(new ArchiveConfig(PacsNode.builder().aeTitle("RESEARCH")
                .host("127.0.0.1").port(OrthancServer.freePort()).connectTimeout(Duration.ofSeconds(2)).build(),
                ArchiveConfig.Protocol.DIMSE));
        StagingResult noArchive = StagingPipeline.builder().source(SourcePacs.cGet(node(clinical))).archive(down)
                .spoolFolder(tmp.resolve("spool")).build().run(req, StagingListener.NONE, CancelToken.create());
        assertEquals(6, noArchive.failures().size());
        assertTrue(noArchive.failures().get(0).reason().contains("research PACS not reachable"),
                noArchive.failures().get(0).reason());

        // a patient mismatch is refused per instance, by de-identification
        StagingRequest wrongPatient = StagingRequest.builder().studyInstanceUid(study)
                .deidentifier(Deidentifier.builder().key(key("study0")).build())
                .subject(SubjectContext.builder("PID0002", "PID0002").expectedPatientId("SOMEONE-ELSE").build()).build();
        StagingResult mismatch = pipeline(SourcePacs.cGet(node(clinical))).run(wrongPatient, StagingListener.NONE,
                CancelToken.create());
        assertEquals(6, mismatch.failures().size());
        assertTrue(mismatch.failures().get(0).reason().startsWith("refused by de-identification"),
                mismatch.failures().get(0).reason());
        assertFalse(mismatch.failures().get(0).reason().contains("HIS-0002"), mismatch.failures().get(0).reason());

        // retry through C-GET: complete
        StagingResult retry = pipeline(SourcePacs.cGet(node(clinical))).run(req, StagingListener.NONE, CancelToken.create());
        assertTrue(retry.complete(), "retry failures: " + retry.failures());
        assertEquals(6, retry.verified());
        try (var s = Files.walk(tmp.resolve("spool"))) {
            assertEquals(List.of(), s.skip(1).map(f -> tmp.resolve("spool").relativize(f).toString()).sorted().toList(),
                    "working folders left in the spool folder");
        }
    }

    /** A study of its own (other patient, other seed) in the clinical PACS; returns its Study Instance UID. */
    private String loadStudy(String name, String hisId, int slices) throws Exception {
        Path dir = tmp.resolve("study-" + name);
        TestData.Run gen = TestData.run(120, "/usr/bin/python3", script().toString(), "--out", dir.toString(),
                "--patient-id", hisId, "--patient-name", "Beispiel^" + name, "--slices", Integer.toString(slices),
                "--seed", name);
        assertEquals(0, gen.exit(), gen.output());
        for (Path f : TestData.dicomFiles(dir)) {
            clinical.upload(f);
        }
        return (String) pydicom(dir).values().iterator().next().get("StudyInstanceUID");
    }

    private static StagingRequest request(String study, String hisId, String keySeed) {
        return StagingRequest.builder().studyInstanceUid(study)
                .deidentifier(Deidentifier.builder().key(key(keySeed)).build())
                .subject(SubjectContext.builder("PID-" + keySeed, "PID-" + keySeed).expectedPatientId(hisId).build())
                .build();
    }

    /**
     * The working folder never holds more than spoolLimit instances, however fast they arrive: a slow
     * listener makes the one worker slower than the retrieve, so the spool fills up and the retrieve has to
     * wait. Checked for C-MOVE (the receiver's sub-operation waits) and C-GET (chunks of half the limit,
     * IMAGE-level UID lists, the next one asked for while the worker is on this one). The files are counted while the worker reports an instance de-identified: then
     * nothing leaves the spool (only the worker deletes), so the count is exact.
     */
    @Test
    void theSpoolNeverHoldsMoreThanItsLimit() throws Exception {
        String study = loadStudy("spool", "HIS-SPOOL", 17);
        int limit = 4;
        for (SourcePacs source : List.of(SourcePacs.cMove(node(clinical), receiver, Duration.ofSeconds(30)),
                SourcePacs.cGet(node(clinical)))) {
            StagingRequest req = request(study, "HIS-SPOOL", "spool-" + source.method());
            Path spool = tmp.resolve("spool-limit-" + source.method());
            // a file of the spool, by name, to its source instance (inputs are named by source, outputs by target UID)
            Map<String, String> instanceOf = new java.util.HashMap<>();
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            StagingPipeline p = StagingPipeline.builder().source(source).archive(archive()).spoolFolder(spool)
                    .executor(executor).workers(1).spoolLimit(limit).build();
            for (InstanceResult i : p.plan(req).values().stream().flatMap(List::stream).toList()) {
                instanceOf.put(org.rpb.pacs.core.net.InstanceCheck.fileName(i.sopInstanceUid()), i.sopInstanceUid());
                instanceOf.put(req.targetUid(i.sopInstanceUid()) + ".dcm", i.sopInstanceUid());
            }
            List<String> strangers = Collections.synchronizedList(new ArrayList<>());
            StagingResult r = p.run(req, e -> {
                if (e.state() != InstanceState.DEIDENTIFIED) {
                    return;
                }
                Set<String> held = new HashSet<>();
                try (var files = Files.walk(spool)) {
                    files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                            .filter(n -> !n.startsWith(".")).forEach(n -> {
                                String i = instanceOf.get(n);
                                if (i == null && !n.endsWith(".part")) {
                                    // a .part is an instance of the C-GET chunk being received, in its reserved place
                                    strangers.add(n);
                                }
                                held.add(i == null ? n : i);
                            });
                } catch (IOException e2) {
                    throw new java.io.UncheckedIOException(e2);
                }
                most.accumulateAndGet(held.size(), Math::max);
                sleep(100);
            }, CancelToken.create());
            assertTrue(r.complete(), source.method() + ": " + r.failures());
            assertEquals(20, r.verified());
            assertEquals(List.of(), strangers, "files of no instance in the spool");
            assertTrue(most.get() <= limit, source.method() + ": the spool held " + most.get() + " instances, limit " + limit);
            if (source.method().equals("C-MOVE")) {
                assertEquals(limit, most.get(), "C-MOVE: the spool never filled up, back-pressure was not exercised");
            } else {
                // C-GET asks for half the limit at a time: the next chunk arrives while the worker is on this one
                assertTrue(most.get() > limit / 2, "C-GET: the retrieve never ran ahead of the worker: " + most.get());
            }
            try (var left = Files.list(spool)) {
                assertEquals(0, left.count(), "working folders left in the spool folder");
            }
        }
    }

    /**
     * An executor whose threads are all busy (as a managed executor may be, serving the receiver's
     * associations) never starts a worker: the series still completes, the full spool being worked off by
     * the thread that waits for room and the rest by the caller.
     */
    @Test
    void aSeriesCompletesWhenTheExecutorStartsNoWorker() throws Exception {
        String study = loadStudy("starved", "HIS-STARVED", 9);
        ExecutorService busy = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        busy.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            StagingResult r = StagingPipeline.builder().source(SourcePacs.cMove(node(clinical), receiver, Duration.ofSeconds(30)))
                    .archive(archive()).spoolFolder(tmp.resolve("spool")).executor(busy).workers(2).spoolLimit(2).build()
                    .run(request(study, "HIS-STARVED", "starved"), StagingListener.NONE, CancelToken.create());
            assertTrue(r.complete(), r.failures().toString());
            assertEquals(12, r.verified());
        } finally {
            release.countDown();
            busy.shutdown();
        }
    }

    /**
     * A slow listener: the delay is the behaviour under test (a worker slower than the retrieve fills the spool,
     * a cancel lands mid-series), not a wait for a condition, so it stays a sleep and not an Awaitility wait.
     */
    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts the queries a pipeline asks the research PACS, delegating everything to the real archive. */
    private static final class CountingArchive implements ResearchArchive {
        private final ResearchArchive real;
        final java.util.concurrent.atomic.AtomicInteger studyQueries = new java.util.concurrent.atomic.AtomicInteger();
        final Map<String, Integer> seriesQueries = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();

        CountingArchive(ResearchArchive real) {
            this.real = real;
        }

        @Override public String describe() { return real.describe(); }
        @Override public org.rpb.pacs.core.net.StoreResult store(java.util.Collection<Path> files)
                throws org.rpb.pacs.core.net.DicomNetworkException { return real.store(files); }
        @Override public List<org.rpb.pacs.core.net.StudyResult> studiesOfPatient(String pid)
                throws org.rpb.pacs.core.net.DicomNetworkException { return real.studiesOfPatient(pid); }
        @Override public List<org.rpb.pacs.core.net.SeriesResult> seriesOfStudy(String study)
                throws org.rpb.pacs.core.net.DicomNetworkException { return real.seriesOfStudy(study); }
        @Override public List<Path> fetchStudy(String study, Path folder)
                throws org.rpb.pacs.core.net.DicomNetworkException { return real.fetchStudy(study, folder); }
        @Override public List<Path> fetchSeries(String study, String series, Path folder)
                throws org.rpb.pacs.core.net.DicomNetworkException { return real.fetchSeries(study, series, folder); }

        @Override
        public Set<String> missing(String study, java.util.Collection<String> uids)
                throws org.rpb.pacs.core.net.DicomNetworkException {
            studyQueries.incrementAndGet();
            return real.missing(study, uids);
        }

        @Override
        public Set<String> missing(String study, String series, java.util.Collection<String> uids)
                throws org.rpb.pacs.core.net.DicomNetworkException {
            seriesQueries.merge(series, 1, Integer::sum);
            return real.missing(study, series, uids);
        }

        /** Stores per session, for the sessions that stored anything. */
        final List<Integer> storesPerSession = Collections.synchronizedList(new ArrayList<>());

        /** Store sessions open now, and at most, on the pipelines' own worker threads. */
        final java.util.concurrent.atomic.AtomicInteger workerSessions = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger peakWorkerSessions = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public org.rpb.pacs.core.net.StoreSession openStore() {
            sessions.incrementAndGet();
            boolean worker = Thread.currentThread().getName().equals("staging-worker");
            if (worker) {
                peakWorkerSessions.accumulateAndGet(workerSessions.incrementAndGet(), Math::max);
            }
            org.rpb.pacs.core.net.StoreSession s = real.openStore();
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            return new org.rpb.pacs.core.net.StoreSession() {
                @Override
                public org.rpb.pacs.core.net.StoreResult.Instance store(Path file)
                        throws org.rpb.pacs.core.net.DicomNetworkException {
                    n.incrementAndGet();
                    return s.store(file);
                }

                @Override
                public void close() {
                    if (n.get() > 0) {
                        storesPerSession.add(n.get());
                    }
                    if (worker) {
                        workerSessions.decrementAndGet();
                    }
                    s.close();
                }
            };
        }
    }

    /**
     * The research PACS is asked twice per run, whatever its size: once before the retrieve (what is already there)
     * and once to verify everything stored; never per instance. By default a study's small series run together
     * (one C-MOVE of their UID list, queries of the target study); with a group limit of 1 each series runs alone
     * (queries of its target series). Stores go over a few sessions per run (associations kept open), not one per
     * instance.
     */
    @Test
    void theResearchPacsIsQueriedTwicePerRunOfSeries() throws Exception {
        String study = loadStudy("queries", "HIS-QUERIES", 12);
        for (int groupLimit : new int[] {StagingPipeline.DEFAULT_GROUP_LIMIT, 1}) {
            StagingRequest req = request(study, "HIS-QUERIES", "queries-" + groupLimit);
            CountingArchive counting = new CountingArchive(archive());
            StagingPipeline p = StagingPipeline.builder()
                    .source(SourcePacs.cMove(node(clinical), receiver, Duration.ofSeconds(30))).archive(counting)
                    .spoolFolder(tmp.resolve("spool")).executor(executor).workers(2).groupLimit(groupLimit).build();
            List<InstanceProgress> verified = Collections.synchronizedList(new ArrayList<>());
            StagingResult r = p.run(req, e -> {
                if (e.state() == InstanceState.VERIFIED) {
                    verified.add(e);
                }
            }, CancelToken.create());
            assertTrue(r.complete(), r.failures().toString());
            assertEquals(15, r.verified());
            Set<String> targetSeries = verified.stream().map(e -> req.targetUid(e.sourceSeriesInstanceUid()))
                    .collect(Collectors.toSet());
            assertEquals(4, targetSeries.size(), "CT, RTSTRUCT, RTPLAN, RTDOSE");
            if (groupLimit == 1) {
                Map<String, Integer> expected = new java.util.HashMap<>();
                targetSeries.forEach(t -> expected.put(t, 2));
                assertEquals(expected, counting.seriesQueries, "queries per target series (before the retrieve, verification)");
                assertEquals(0, counting.studyQueries.get(), "study-wide queries");
            } else {
                assertEquals(Map.of(), counting.seriesQueries, "queries per target series");
                assertEquals(2, counting.studyQueries.get(), "queries of the target study (before the retrieve, verification)");
            }
            // stores go over the workers' sessions (and the caller's, for what is left when the retrieve ends)
            assertEquals(15, counting.storesPerSession.stream().mapToInt(Integer::intValue).sum());
            assertTrue(counting.storesPerSession.size() <= 4 * 3, "sessions that stored: " + counting.storesPerSession);
            assertTrue(java.util.Collections.max(counting.storesPerSession) >= 4,
                    "the 12 CT images went over at most 3 sessions: " + counting.storesPerSession);
        }
    }

    /** Groups: consecutive series up to the limit, a larger series alone, and from any index on (a restart). */
    @Test
    void seriesAreGroupedUpToTheLimitInPlanOrder() {
        Map<String, List<InstanceResult>> plan = new java.util.LinkedHashMap<>();
        int[] sizes = {1, 247, 1, 1, 600, 2};
        for (int s = 0; s < sizes.length; s++) {
            List<InstanceResult> instances = new ArrayList<>();
            for (int i = 0; i < sizes[s]; i++) {
                instances.add(new InstanceResult("1.2.3", "1.2.3." + s, "1.2.3." + s + "." + i, "", i + 1));
            }
            plan.put("1.2.3." + s, instances);
        }
        StagingPipeline p = StagingPipeline.builder().source(SourcePacs.cGet(node(clinical))).archive(archive())
                .spoolFolder(tmp.resolve("spool")).groupLimit(250).build();
        List<List<String>> groups = new ArrayList<>();
        for (int next = 0; next < plan.size(); ) {
            List<String> g = List.copyOf(p.group(plan, next).keySet());
            groups.add(g);
            next += g.size();
        }
        assertEquals(List.of(List.of("1.2.3.0", "1.2.3.1", "1.2.3.2", "1.2.3.3"), List.of("1.2.3.4"), List.of("1.2.3.5")),
                groups);
        assertEquals(List.of("1.2.3.2", "1.2.3.3"), List.copyOf(p.group(plan, 2).keySet()), "from a checkpoint");
        assertEquals(Map.of(), p.group(plan, 6), "past the end");
        assertThrows(IllegalArgumentException.class, () -> StagingPipeline.builder().groupLimit(0));
    }

    /**
     * Two series at once with a shared budget of 2 workers (4 each at most): both complete, every instance
     * verified (de-identified from the receiver's parse, moved twice with its file), and the two never have more
     * than their budget of workers with a store association open, plus one that has not left yet when the second
     * series took its part (without the budget each series opens 4 at its start).
     */
    @Test
    void seriesRunningAtOnceShareTheWorkerBudget() throws Exception {
        String a = loadStudy("budget-a", "HIS-BUDGET-A", 20);
        String b = loadStudy("budget-b", "HIS-BUDGET-B", 20);
        CountingArchive counting = new CountingArchive(archive());
        WorkerBudget budget = new WorkerBudget(2);
        StagingPipeline p = StagingPipeline.builder().source(SourcePacs.cMove(node(clinical), receiver, Duration.ofSeconds(30)))
                .archive(counting).spoolFolder(tmp.resolve("spool")).workers(4).workerBudget(budget).build();
        java.util.concurrent.Future<StagingResult> ra = executor.submit(
                () -> p.run(request(a, "HIS-BUDGET-A", "budget"), e -> { }, CancelToken.create()));
        StagingResult rb = p.run(request(b, "HIS-BUDGET-B", "budget"), e -> { }, CancelToken.create());
        StagingResult first = ra.get(300, TimeUnit.SECONDS);
        for (StagingResult r : List.of(first, rb)) {
            assertTrue(r.complete(), r.failures().toString());
            assertEquals(23, r.verified());
        }
        assertEquals(0, budget.running(), "every series gave its part back");
        assertTrue(counting.peakWorkerSessions.get() >= 1 && counting.peakWorkerSessions.get() <= 3,
                "worker store associations open at once: " + counting.peakWorkerSessions.get());
    }

    /**
     * Cancelled while the series arrives: what arrived is stored and verified, the rest fails as "not
     * received ... cancelled", nothing is half-written; a second run copies only what is missing.
     */
    @Test
    void cancelMidSeriesKeepsWhatArrivedAndARerunCompletesWithoutDuplicates() throws Exception {
        String study = loadStudy("cancel", "HIS-CANCEL", 27);
        StagingRequest req = request(study, "HIS-CANCEL", "cancel");
        CancelToken cancel = CancelToken.create();
        java.util.concurrent.atomic.AtomicInteger retrieved = new java.util.concurrent.atomic.AtomicInteger();
        StagingPipeline p = StagingPipeline.builder().source(SourcePacs.cMove(node(clinical), receiver, Duration.ofSeconds(30)))
                .archive(archive()).spoolFolder(tmp.resolve("spool")).executor(executor).spoolLimit(3).build();
        int before = research.instanceCount();
        StagingResult first = p.run(req, e -> {
            if (e.state() == InstanceState.RETRIEVED && retrieved.incrementAndGet() == 5) {
                cancel.cancel();
            }
            if (e.state() == InstanceState.DEIDENTIFIED) {
                sleep(20);
            }
        }, cancel);
        assertFalse(first.complete());
        assertEquals(retrieved.get(), first.verified(), "everything that arrived is stored and verified");
        assertTrue(first.verified() >= 5 && first.verified() < 30, "verified " + first.verified());
        assertEquals(30 - first.verified(), first.failures().size());
        for (InstanceProgress f : first.failures()) {
            assertTrue(f.reason().contains("cancelled"), f.reason());
        }
        assertEquals(before + first.verified(), research.instanceCount());

        StagingResult again = p.run(req, StagingListener.NONE, CancelToken.create());
        assertTrue(again.complete(), again.failures().toString());
        assertEquals(first.verified(), again.skipped());
        assertEquals(30, again.verified());
        assertEquals(before + 30, research.instanceCount(), "no instance copied twice");
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> r = new HashSet<>(a);
        r.retainAll(b);
        r.removeIf(u -> u.startsWith("1.2.840.10008."));
        return r;
    }

    @SuppressWarnings("unchecked")
    private static List<String> uids(Map<String, Object> m) {
        return (List<String>) m.get("uids");
    }

    /** Reads every file of a folder with pydicom: a few identifiers and every UI value at any depth. */
    private Map<String, Map<String, Object>> pydicom(Path folder) throws IOException, InterruptedException {
        Path py = tmp.resolve("read.py");
        Files.writeString(py, String.join("\n",
                "import sys, json, os, pydicom",
                "def walk(ds, out):",
                "    for el in ds:",
                "        if el.VR == 'SQ':",
                "            for item in el.value: walk(item, out)",
                "        elif el.VR == 'UI' and el.value:",
                "            vals = el.value if isinstance(el.value, pydicom.multival.MultiValue) else [el.value]",
                "            out.extend(str(v) for v in vals)",
                "res = {}",
                "for n in sorted(os.listdir(sys.argv[1])):",
                "    if not n.endswith('.dcm'): continue",
                "    ds = pydicom.dcmread(os.path.join(sys.argv[1], n))",
                "    u = []; walk(ds, u)",
                "    res[n] = {'PatientID': str(ds.get('PatientID', '')), 'PatientName': str(ds.get('PatientName', '')),",
                "              'StudyInstanceUID': str(ds.StudyInstanceUID), 'SOPInstanceUID': str(ds.SOPInstanceUID),",
                "              'ClinicalTrialSubjectID': str(ds.get('ClinicalTrialSubjectID', '')), 'uids': u}",
                "print(json.dumps(res))", ""));
        TestData.Run r = TestData.run(60, "/usr/bin/python3", py.toString(), folder.toString());
        assertEquals(0, r.exit(), "pydicom (apt-get install python3-pydicom): " + r.output());
        return parse(r.output());
    }

    /** A minimal reader for the flat JSON the script prints (objects of strings and string lists). */
    private static Map<String, Map<String, Object>> parse(String json) {
        jakarta.json.JsonObject o = jakarta.json.Json.createReader(new java.io.StringReader(json.trim())).readObject();
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        for (String file : o.keySet()) {
            jakarta.json.JsonObject f = o.getJsonObject(file);
            Map<String, Object> m = new java.util.HashMap<>();
            for (String k : f.keySet()) {
                if (k.equals("uids")) {
                    m.put(k, f.getJsonArray(k).getValuesAs(jakarta.json.JsonString.class).stream()
                            .map(jakarta.json.JsonString::getString).toList());
                } else {
                    m.put(k, f.getString(k));
                }
            }
            out.put(file, m);
        }
        return out;
    }
}
