package org.rpb.pacs.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;
import org.rpb.pacs.core.net.testing.TestReceiver;

/** Our DIMSE client and receiver against a real Orthanc loaded with pydicom's files. */
@Tag("external")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrthancDimseTest {
    static final List<String> LOADED = List.of("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "SC_rgb_rle.dcm", "SC_rgb_jpeg_dcmtk.dcm");

    @TempDir
    static Path tmp;
    ExecutorService executor;
    StoreReceiver receiver;
    OrthancServer orthanc;
    DimseClient client;
    TestReceiver recv;
    /** What the receiver got outside every expectation. */
    List<ReceivedInstance> unclaimed;

    @BeforeAll
    void start() throws Exception {
        executor = Executors.newCachedThreadPool();
        recv = TestReceiver.start(ReceiverConfig.builder().aeTitle("RECV").spoolFolder(tmp.resolve("spool")));
        receiver = recv.receiver();
        unclaimed = recv.received();
        orthanc = OrthancServer.builder().workDir(tmp.resolve("orthanc"))
                .modality("RECV", "127.0.0.1", recv.port())
                .modality("PACS", "127.0.0.1", 1).start();
        for (String f : LOADED) {
            orthanc.upload(TestData.pydicom(f));
        }
        client = DicomNetwork.dimse(node("ORTHANC", orthanc.dicomPort()));
    }

    static PacsNode node(String ae, int port) {
        return PacsNode.builder().aeTitle(ae).host("127.0.0.1").port(port).callingAeTitle("PACS")
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
        if (recv != null) {
            recv.close();
        }
        executor.shutdownNow();
    }

    static InstanceCheck.Header header(String name) throws Exception {
        return InstanceCheck.check(TestData.pydicom(name));
    }

    @Test
    void echoSucceeds() throws Exception {
        client.echo();
    }

    @Test
    void findAtEveryLevel() throws Exception {
        InstanceCheck.Header ct = header("CT_small.dcm");
        List<PatientResult> patients = client.findPatients(FindQuery.builder(QueryLevel.PATIENT).patientId("1CT1").build());
        assertEquals(1, patients.size());
        assertEquals("1CT1", patients.get(0).patientId());

        List<StudyResult> studies = client.findStudies(FindQuery.builder(QueryLevel.STUDY).patientId("1CT1").patientName("CompressedSamples*").build());
        assertEquals(1, studies.size(), "study of CT_small by patient ID and name wildcard");
        assertEquals(ct.studyInstanceUid(), studies.get(0).studyInstanceUid());

        List<String> all = client.findStudies(FindQuery.builder(QueryLevel.STUDY).build()).stream().map(StudyResult::studyInstanceUid).toList();
        for (String f : LOADED) {
            assertTrue(all.contains(header(f).studyInstanceUid()), f + "'s study is listed");
        }

        List<StudyResult> byDate = client.findStudies(FindQuery.builder(QueryLevel.STUDY)
                .studyDate(java.time.LocalDate.of(2004, 1, 1), java.time.LocalDate.of(2004, 1, 31)).build());
        assertTrue(byDate.stream().anyMatch(s -> s.studyInstanceUid().equals(ct.studyInstanceUid())), "CT_small's study date is 20040119");
        String mrStudy = header("MR_small.dcm").studyInstanceUid();
        assertTrue(byDate.stream().noneMatch(s -> s.studyInstanceUid().equals(mrStudy)));

        List<SeriesResult> series = client.findSeries(FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(ct.studyInstanceUid()).modality("CT").build());
        assertEquals(1, series.size());
        assertEquals(ct.seriesInstanceUid(), series.get(0).seriesInstanceUid());
        assertEquals("CT", series.get(0).modality());

        List<InstanceResult> inst = client.findInstances(FindQuery.builder(QueryLevel.IMAGE)
                .studyInstanceUid(ct.studyInstanceUid()).seriesInstanceUid(ct.seriesInstanceUid()).build());
        assertEquals(1, inst.size());
        assertEquals(ct.sopInstanceUid(), inst.get(0).sopInstanceUid());
        assertEquals(ct.sopClassUid(), inst.get(0).sopClassUid());
    }

    @Test
    void moveIntoOurReceiverWithProgressAndCorrelation() throws Exception {
        InstanceCheck.Header mr = header("MR_small.dcm");
        List<MoveProgress> progress = new ArrayList<>();
        try (Expectation exp = receiver.expect(new Expectation("move-1", "ORTHANC", mr.studyInstanceUid(), null, "PACS"))) {
            RetrieveResult r = client.move(FindQuery.builder(QueryLevel.STUDY).studyInstanceUid(mr.studyInstanceUid()).build(),
                    "RECV", exp, progress::add, CancelToken.create());
            assertTrue(r.fullySuccessful(), r.describe());
            assertEquals(1, r.completed());
            List<ReceivedInstance> got = exp.await(1, Duration.ofSeconds(10));
            assertEquals(1, got.size());
            ReceivedInstance ri = got.get(0);
            assertEquals(mr.sopInstanceUid(), ri.sopInstanceUid());
            assertEquals("ORTHANC", ri.callingAeTitle());
            assertEquals("PACS", ri.moveOriginatorAeTitle(), "the sub-operation names the move it answers");
            assertEquals(exp.moveMessageId(), ri.moveOriginatorMessageId(), "the Message ID the receiver gave the expectation");
            assertEquals(mr.seriesInstanceUid(), ri.seriesInstanceUid());
            assertArrayEquals(TestData.pixelDataBytes(TestData.pydicom("MR_small.dcm")), TestData.pixelDataBytes(ri.file()));
        }
        assertFalse(progress.isEmpty(), "at least the final response is reported");
        assertEquals(DicomStatus.SUCCESS, progress.get(progress.size() - 1).status());
        assertTrue(unclaimed.stream().noneMatch(i -> i.sopInstanceUid().equals(mr.sopInstanceUid())), "the expectation claimed it");
    }

    /**
     * Two jobs move the same study from the same PACS at the same time: each instance goes to the
     * expectation of the C-MOVE it answers (Move Originator Message ID), not to whichever expectation
     * was registered first, and each job gets a file of its own.
     */
    @Test
    void concurrentMovesOfOneStudyAreToldApartByTheirMessageId() throws Exception {
        InstanceCheck.Header ct = header("CT_small.dcm");
        FindQuery q = FindQuery.builder(QueryLevel.STUDY).studyInstanceUid(ct.studyInstanceUid()).build();
        try (Expectation first = receiver.expect(new Expectation("job-1", "ORTHANC", ct.studyInstanceUid(), null, "PACS"));
             Expectation second = receiver.expect(new Expectation("job-2", "ORTHANC", ct.studyInstanceUid(), null, "PACS"))) {
            java.util.concurrent.Future<RetrieveResult> one = executor.submit(() -> client.move(q, "RECV", first, p -> { }, CancelToken.create()));
            java.util.concurrent.Future<RetrieveResult> two = executor.submit(() -> client.move(q, "RECV", second, p -> { }, CancelToken.create()));
            assertTrue(one.get(60, java.util.concurrent.TimeUnit.SECONDS).fullySuccessful());
            assertTrue(two.get(60, java.util.concurrent.TimeUnit.SECONDS).fullySuccessful());
            assertTrue(first.moveMessageId() >= 0 && second.moveMessageId() >= 0 && first.moveMessageId() != second.moveMessageId(),
                    first.moveMessageId() + " / " + second.moveMessageId());
            List<ReceivedInstance> a = first.await(1, Duration.ofSeconds(10));
            List<ReceivedInstance> b = second.await(1, Duration.ofSeconds(10));
            // no further instance turns up for either job a while after the moves ended
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertEquals(1, first.received().size(), "job 1 got only its own move's instance: " + first.received());
                assertEquals(1, second.received().size(), "job 2 got only its own move's instance: " + second.received());
            });
            assertEquals(first.moveMessageId(), a.get(0).moveOriginatorMessageId());
            assertEquals(second.moveMessageId(), b.get(0).moveOriginatorMessageId());
            assertEquals(ct.sopInstanceUid(), a.get(0).sopInstanceUid());
            assertEquals(ct.sopInstanceUid(), b.get(0).sopInstanceUid());
            assertNotEquals(a.get(0).file(), b.get(0).file(), "each job has a file of its own");
            assertTrue(Files.isRegularFile(a.get(0).file()) && Files.isRegularFile(b.get(0).file()));
        }
        assertTrue(unclaimed.stream().noneMatch(i -> i.sopInstanceUid().equals(ct.sopInstanceUid())), unclaimed.toString());
        Expectation unnamed = new Expectation("x", "ORTHANC", ct.studyInstanceUid(), null);
        assertThrows(IllegalStateException.class, () -> unnamed.bindMove(1), "a Message ID needs its originator");
        assertThrows(IllegalStateException.class, () -> client.move(q, "RECV",
                new Expectation("z", "ORTHANC", ct.studyInstanceUid(), null, "PACS"), p -> { }, CancelToken.create()),
                "an expectation not registered with a receiver has no Message ID");
        // the IDs come from the receiver, not from PixelMed's process-wide request counter (a plain static int)
        try (Expectation a = receiver.expect(new Expectation("a", "ORTHANC", ct.studyInstanceUid(), null, "PACS"));
             Expectation b = receiver.expect(new Expectation("b", "ORTHANC", ct.studyInstanceUid(), null, "PACS"))) {
            assertTrue(a.moveMessageId() >= 1 && a.moveMessageId() <= 0xFFFF && b.moveMessageId() != a.moveMessageId());
        }
        assertThrows(IllegalArgumentException.class, () -> client.move(q, "RECV",
                new Expectation("y", "ORTHANC", ct.studyInstanceUid(), null, "OTHER"), p -> { }, CancelToken.create()));
    }

    @Test
    void moveToUnknownDestinationNamesNodeOperationAndStatus() throws Exception {
        InstanceCheck.Header ct = header("CT_small.dcm");
        DicomNetworkException e = assertThrows(DicomNetworkException.class, () -> client.move(
                FindQuery.builder(QueryLevel.STUDY).studyInstanceUid(ct.studyInstanceUid()).build(), "NOWHERE", p -> { }, CancelToken.create()));
        assertEquals(Operation.MOVE, e.operation());
        assertEquals("ORTHANC@127.0.0.1:" + orthanc.dicomPort(), e.node());
        assertTrue(DicomStatus.isFailure(e.status()), "status " + e.status());
        assertTrue(e.getMessage().contains("ORTHANC@127.0.0.1") && e.getMessage().contains("MOVE") && e.getMessage().contains("0x"), e.getMessage());
    }

    @Test
    void getKeepsCompressedTransferSyntaxesAsEncoded() throws Exception {
        for (String name : List.of("JPEG2000.dcm", "SC_rgb_rle.dcm", "SC_rgb_jpeg_dcmtk.dcm")) {
            InstanceCheck.Header h = header(name);
            Path dir = tmp.resolve("get-" + name);
            RetrieveResult r = client.get(FindQuery.builder(QueryLevel.IMAGE).studyInstanceUid(h.studyInstanceUid())
                    .seriesInstanceUid(h.seriesInstanceUid()).sopInstanceUid(h.sopInstanceUid()).build(),
                    Set.of(h.sopClassUid()), dir, p -> { }, CancelToken.create());
            assertTrue(r.fullySuccessful(), name + ": " + r.describe());
            assertEquals(1, r.files().size(), name);
            Path got = r.files().get(0);
            assertEquals(h.transferSyntaxUid(), Part10Meta.read(got).transferSyntaxUid(), name + " arrives in its own transfer syntax");
            assertArrayEquals(TestData.pixelDataBytes(TestData.pydicom(name)), TestData.pixelDataBytes(got), name + " pixel data byte for byte");
            assertEquals(List.of(got), TestData.dicomFiles(dir), "only complete files in the target folder");
            try (var s = Files.list(dir)) {
                assertEquals(1, s.count(), "no temporary folder left");
            }
        }
    }

    @Test
    void getWithDefaultContextsOfAStudy() throws Exception {
        InstanceCheck.Header ct = header("CT_small.dcm");
        RetrieveResult r = client.get(FindQuery.builder(QueryLevel.STUDY).studyInstanceUid(ct.studyInstanceUid()).build(),
                Set.of(), tmp.resolve("get-default"), p -> { }, CancelToken.create());
        assertEquals(1, r.completed(), r.describe());
        assertEquals(ct.sopInstanceUid(), InstanceCheck.check(r.files().get(0)).sopInstanceUid());
    }

    @Test
    void storeThenFind() throws Exception {
        List<Path> files = List.of(TestData.pydicom("JPGExtended.dcm"), TestData.pydicom("image_dfl.dcm"));
        StoreResult r = client.store(files);
        assertTrue(r.allStored(), r.toString());
        for (Path f : files) {
            InstanceCheck.Header h = InstanceCheck.check(f);
            List<InstanceResult> found = client.findInstances(FindQuery.builder(QueryLevel.IMAGE).studyInstanceUid(h.studyInstanceUid())
                    .sopInstanceUid(h.sopInstanceUid()).build());
            assertEquals(1, found.size(), f.getFileName() + " is in Orthanc");
        }
    }

    @Test
    void storeOfNonDicomFileIsReportedNotSent() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.dcm"), "not dicom");
        StoreResult r = client.store(List.of(junk, TestData.pydicom("CT_small.dcm")));
        assertEquals(1, r.stored());
        assertEquals(DicomStatus.NONE, r.instances().get(0).status());
        assertTrue(r.instances().get(0).reason().contains("junk.dcm"), r.instances().get(0).reason());
    }

    @Test
    void unreachableNodeNamesNodeAndOperation() throws Exception {
        int port = OrthancServer.freePort();
        DicomNetworkException e = assertThrows(DicomNetworkException.class, () -> DicomNetwork.dimse(node("NOBODY", port)).echo());
        assertEquals(Operation.ECHO, e.operation());
        assertEquals("NOBODY@127.0.0.1:" + port, e.node());
        assertTrue(e.getMessage().contains("NOBODY@127.0.0.1:" + port) && e.getMessage().contains("cannot connect"), e.getMessage());
    }

    @Test
    void rejectedAssociationNamesNodeAndOperation() throws Exception {
        DicomNetworkException e = assertThrows(DicomNetworkException.class,
                () -> DicomNetwork.dimse(node("WRONG_AE", orthanc.dicomPort())).findStudies(FindQuery.builder(QueryLevel.STUDY).build()));
        assertEquals(Operation.FIND, e.operation());
        assertTrue(e.getMessage().contains("WRONG_AE@127.0.0.1") && e.getMessage().contains("rejected"), e.getMessage());
    }
}
