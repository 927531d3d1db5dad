package org.rpb.pacs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.scan.LeakScanner;

/** The confirmed upload against a real Orthanc as research PACS: store, verify, idempotence, no leaks. */
@Tag("external")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadPipelineTest {

    @TempDir
    static Path tmp;

    private OrthancServer orthanc;
    private UploadContents contents;
    private final byte[] key = new byte[32];

    @BeforeAll
    void start() throws Exception {
        orthanc = OrthancServer.builder().workDir(tmp.resolve("orthanc")).start();
        Path study = Files.createDirectories(tmp.resolve("study"));
        RtStudy.write(study, "HOSP-4711", "Original^Olga", 3);
        contents = new UploadInspector(DicomReader.create()).inspect(study);
        key[0] = 42;
    }

    @AfterAll
    void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private ResearchArchive archive(int port) {
        return ResearchArchives.open(new ArchiveConfig(PacsNode.builder().aeTitle(orthanc.aeTitle())
                .host("127.0.0.1").port(port).build(), ArchiveConfig.Protocol.DIMSE));
    }

    private UploadPipeline pipeline(ResearchArchive archive) {
        return new UploadPipeline(Deidentifier.builder().profile(Profile.basic()).key(key).threads(1)
                // as ProjectDeidentifiers builds it for the job: no manifest
                .manifest(false).build(), archive);
    }

    private static SubjectContext subject() {
        return SubjectContext.builder("PID-0815", "PID-0815").trialProtocolId("RTTRIAL").trialSiteId("DD")
                .trialSubjectId("RT-DD-001").trialTimePoint("BASELINE-1").build();
    }

    @Test
    void storedVerifiedIdempotentAndFreeOfTheOriginalIdentifiers() throws Exception {
        List<String> events = new ArrayList<>();
        java.util.function.Consumer<org.rpb.pacs.job.InstanceProgress> progress = p -> {
            if (p.state() == org.rpb.pacs.job.InstanceState.VERIFIED) {
                events.add(p.targetSopInstanceUid());
            }
        };
        UploadedStudy first = pipeline(archive(orthanc.dicomPort()))
                .run(contents.instances(), subject(), tmp.resolve("out1"), progress);
        assertEquals(6, first.sopInstanceUids().size());
        assertEquals(first.sopInstanceUids(), events, "every instance verified");
        assertEquals(4, first.series().size());
        assertNotEquals(first.sourceStudyInstanceUid(), first.studyInstanceUid());
        assertEquals(6, orthanc.instanceCount());

        UploadedStudy again = pipeline(archive(orthanc.dicomPort()))
                .run(contents.instances(), subject(), tmp.resolve("out2"), p -> { });
        assertEquals(first.studyInstanceUid(), again.studyInstanceUid());
        assertEquals(first.sopInstanceUids(), again.sopInstanceUids());
        assertEquals(6, orthanc.instanceCount(), "the same study uploaded twice is stored once");
        // a resumed job knows no header as sent of the batches an earlier execution verified: made again, the same
        assertEquals(first, pipeline(archive(orthanc.dicomPort())).summary(contents.instances(),
                first.sourceStudyInstanceUid(), java.util.Map.of(), subject()));
        assertEquals(List.of(), listed(tmp.resolve("out1")), "no de-identified file is left in the scratch folder");

        Path fetched = tmp.resolve("fetched");
        List<Path> files = archive(orthanc.dicomPort()).fetchStudy(first.studyInstanceUid(), fetched);
        assertEquals(6, files.size());
        for (Path f : files) {
            HeaderSummary h = DicomReader.create().readHeaderSummary(f);
            assertEquals("PID-0815", h.patientId());
            assertEquals("PID-0815", h.patientName());
            assertEquals(first.studyInstanceUid(), h.studyInstanceUid());
        }
        assertEquals(List.of(), LeakScanner.of(List.of("HOSP-4711", "Original^Olga", "19580214")).scan(fetched));
    }

    private static List<Path> listed(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void batchesOfOneSeriesAreVerifiedInTheirNewSeries() throws Exception {
        // as the upload job runs them: one batch per series, each verified by a query of its de-identified series
        java.util.Map<String, List<InspectedInstance>> bySeries = new java.util.TreeMap<>();
        contents.instances().forEach(i -> bySeries.computeIfAbsent(i.header().seriesInstanceUid(),
                k -> new ArrayList<>()).add(i));
        assertEquals(4, bySeries.size());
        List<org.rpb.pacs.job.InstanceState> ends = new ArrayList<>();
        UploadTimings timings = new UploadTimings();
        UploadPipeline pipeline = pipeline(archive(orthanc.dicomPort()));
        for (List<InspectedInstance> batch : bySeries.values()) {
            pipeline.runBatch(batch, subject(), tmp.resolve("out-series"), p -> {
                if (p.state() == org.rpb.pacs.job.InstanceState.VERIFIED
                        || p.state() == org.rpb.pacs.job.InstanceState.FAILED) {
                    ends.add(p.state());
                }
            }, timings);
        }
        assertEquals(java.util.Collections.nCopies(6, org.rpb.pacs.job.InstanceState.VERIFIED), ends);
        assertTrue(timings.describe().matches("inspect=0 progress=\\d+ deidentify=\\d+ store=\\d+ verify=\\d+ "
                + "record=0 total=\\d+"), timings.describe());
    }

    @Test
    void aBatchSentAheadWhileThePreviousIsVerifiedAndOneSentTwiceKeepOneCopy() throws Exception {
        // as the upload job runs them: batch k+1 is sent on another thread while batch k is verified; a batch whose
        // send was lost (a stop before its checkpoint) is sent again and the archive still holds one copy
        java.util.Map<String, List<InspectedInstance>> bySeries = new java.util.TreeMap<>();
        contents.instances().forEach(i -> bySeries.computeIfAbsent(i.header().seriesInstanceUid(),
                k -> new ArrayList<>()).add(i));
        List<List<InspectedInstance>> batches = List.copyOf(bySeries.values());
        UploadPipeline pipeline = pipeline(archive(orthanc.dicomPort())).withWorkers(2);
        UploadTimings timings = new UploadTimings();
        Path out = tmp.resolve("out-ahead");
        List<String> verified = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService ahead = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            UploadPipeline.Sent sent = pipeline.send(batches.get(0), subject(), out, timings);
            for (int k = 0; k < batches.size(); k++) {
                List<InspectedInstance> nextBatch = k + 1 < batches.size() ? batches.get(k + 1) : null;
                java.util.concurrent.Future<UploadPipeline.Sent> next = nextBatch == null ? null
                        : ahead.submit(() -> pipeline.send(nextBatch, subject(), out, timings));
                assertTrue(sent.complete());
                pipeline.verify(sent, p -> {
                    if (p.state() == org.rpb.pacs.job.InstanceState.VERIFIED) {
                        verified.add(p.sourceSopInstanceUid());
                    }
                }, timings);
                sent = next == null ? null : next.get();
            }
            pipeline.verify(pipeline.send(batches.get(1), subject(), out, timings), p -> { }, timings);
        } finally {
            ahead.shutdownNow();
        }
        assertEquals(contents.instances().size(), verified.size(), "every instance verified once");
        assertEquals(6, orthanc.instanceCount(), "a batch sent twice is stored once");
    }

    @Test
    void theBatchesOfAnExecutionShareOneStoreSessionPerWorkerAndAFailedSessionIsNotUsedAgain() throws Exception {
        // as the upload job runs them: every batch of an execution goes over the same Stores, so a worker's
        // association is negotiated once per series, not once per batch; a batch of another SOP class closes the
        // idle sessions first (each would keep an association per SOP class it served)
        java.util.Map<String, List<InspectedInstance>> bySeries = new java.util.TreeMap<>();
        contents.instances().forEach(i -> bySeries.computeIfAbsent(i.header().seriesInstanceUid(),
                k -> new ArrayList<>()).add(i));
        List<InspectedInstance> ct = bySeries.values().stream().filter(b -> b.size() == 3).findFirst().orElseThrow();
        List<InspectedInstance> rt = bySeries.values().stream().filter(b -> b.size() == 1).findFirst().orElseThrow();
        SessionCounting counting = new SessionCounting(archive(orthanc.dicomPort()));
        UploadPipeline pipeline = pipeline(counting).withWorkers(1);
        List<String> verified = new ArrayList<>();
        java.util.function.Consumer<org.rpb.pacs.job.InstanceProgress> listener = p -> {
            if (p.state() == org.rpb.pacs.job.InstanceState.VERIFIED) {
                verified.add(p.sourceSopInstanceUid());
            }
        };
        Path out = tmp.resolve("out-stores");
        try (UploadPipeline.Stores stores = pipeline.openStores()) {
            for (InspectedInstance slice : ct) {
                pipeline.verify(pipeline.send(List.of(slice), subject(), out, stores, new UploadTimings()), listener,
                        new UploadTimings());
            }
            assertEquals(1, counting.opened.get(), "one session for the three batches of the CT series");
            assertEquals(0, counting.closed.get(), "the session stays open between the batches");
            pipeline.verify(pipeline.send(rt, subject(), out, stores, new UploadTimings()), listener,
                    new UploadTimings());
            assertEquals(2, counting.opened.get(), "a new session for a batch of another SOP class");
            assertEquals(1, counting.closed.get(), "the CT session was closed before it");
        }
        assertEquals(2, counting.closed.get(), "closing the stores closes every session");
        assertEquals(4, verified.size());

        // a session whose store failed is closed at once and the next batch opens a new one
        SessionCounting down = new SessionCounting(archive(OrthancServer.freePort()));
        UploadPipeline broken = pipeline(down).withWorkers(1);
        try (UploadPipeline.Stores stores = broken.openStores()) {
            List<InspectedInstance> first = bySeries.values().iterator().next();
            assertTrue(!broken.send(first, subject(), tmp.resolve("out-down-stores"), stores, new UploadTimings())
                    .complete());
            assertEquals(1, down.opened.get());
            assertEquals(1, down.closed.get(), "the failed session is closed, not kept");
            assertTrue(!broken.send(first, subject(), tmp.resolve("out-down-stores"), stores, new UploadTimings())
                    .complete());
            assertEquals(2, down.opened.get(), "the next batch opens a new session");
        }
        assertEquals(2, down.closed.get());
    }

    /** A research archive that counts the store sessions opened and closed through it. */
    private static final class SessionCounting implements ResearchArchive {
        private final ResearchArchive real;
        final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();

        SessionCounting(ResearchArchive real) {
            this.real = real;
        }

        @Override
        public org.rpb.pacs.core.net.StoreSession openStore() {
            opened.incrementAndGet();
            org.rpb.pacs.core.net.StoreSession s = real.openStore();
            return new org.rpb.pacs.core.net.StoreSession() {
                @Override
                public org.rpb.pacs.core.net.StoreResult.Instance store(Path file)
                        throws org.rpb.pacs.core.net.DicomNetworkException {
                    return s.store(file);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                    s.close();
                }
            };
        }

        @Override
        public String describe() {
            return real.describe();
        }

        @Override
        public org.rpb.pacs.core.net.StoreResult store(java.util.Collection<Path> files)
                throws org.rpb.pacs.core.net.DicomNetworkException {
            return real.store(files);
        }

        @Override
        public List<org.rpb.pacs.core.net.StudyResult> studiesOfPatient(String patientId)
                throws org.rpb.pacs.core.net.DicomNetworkException {
            return real.studiesOfPatient(patientId);
        }

        @Override
        public List<org.rpb.pacs.core.net.SeriesResult> seriesOfStudy(String study)
                throws org.rpb.pacs.core.net.DicomNetworkException {
            return real.seriesOfStudy(study);
        }

        @Override
        public List<Path> fetchStudy(String study, Path folder) throws org.rpb.pacs.core.net.DicomNetworkException {
            return real.fetchStudy(study, folder);
        }

        @Override
        public List<Path> fetchSeries(String study, String series, Path folder)
                throws org.rpb.pacs.core.net.DicomNetworkException {
            return real.fetchSeries(study, series, folder);
        }

        @Override
        public java.util.Set<String> missing(String study, java.util.Collection<String> uids)
                throws org.rpb.pacs.core.net.DicomNetworkException {
            return real.missing(study, uids);
        }

        @Override
        public java.util.Set<String> missing(String study, String series, java.util.Collection<String> uids)
                throws org.rpb.pacs.core.net.DicomNetworkException {
            return real.missing(study, series, uids);
        }
    }

    @Test
    void archiveDownIsNamedAndNothingIsReturned() throws Exception {
        int closed = OrthancServer.freePort();
        ResearchArchive down = archive(closed);
        UploadFailedException e = assertThrows(UploadFailedException.class, () -> pipeline(down)
                .run(contents.instances(), subject(), tmp.resolve("out-down"), p -> { }));
        assertTrue(e.getMessage().contains(down.describe()) && e.getMessage().contains("retry"), e.getMessage());
    }

    @Test
    void anotherPatientsFileIsRefusedNamingIt(@TempDir Path mixed) throws Exception {
        RtStudy.write(mixed, "HOSP-4711", "Original^Olga", 2);
        Files.copy(Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm"),
                mixed.resolve("zz_other.dcm"));
        UploadContents c = new UploadInspector(DicomReader.create()).inspect(mixed);
        assertTrue(c.check(new ExpectedPatient("F", 1958)).stream().anyMatch(f -> f.blocking()
                && f.message().contains("different patients")));
        SubjectContext guarded = SubjectContext.builder("PID-0815", "PID-0815").expectedPatientId("HOSP-4711").build();
        UploadFailedException e = assertThrows(UploadFailedException.class, () -> pipeline(archive(orthanc.dicomPort()))
                .run(c.instances(), guarded, tmp.resolve("out-mixed"), p -> { }));
        assertTrue(e.getMessage().contains("2 studies"), e.getMessage());
    }
}
