package org.rpb.pacs.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;
import org.rpb.pacs.core.net.testing.TestReceiver;

/** Our receiver against dcmtk's clients, our C-STORE against dcmtk's storescp, and broken transfers. */
@Tag("external")
class DcmtkReceiverTest {
    static final List<String> FILES = List.of("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "SC_rgb_rle.dcm",
            "SC_rgb_jpeg_dcmtk.dcm", "image_dfl.dcm");

    @TempDir
    Path tmp;
    TestReceiver recv;
    StoreReceiver receiver;
    List<ReceivedInstance> received;
    List<String> refused;

    @BeforeEach
    void start() throws IOException {
        recv = TestReceiver.start(ReceiverConfig.builder().aeTitle("RECV").spoolFolder(tmp.resolve("spool"))
                .allowedCallingAeTitles(Set.of("STORESCU", "PACS", "ECHOSCU", "FINDSCU", "ORTHANC")));
        receiver = recv.receiver();
        received = recv.received();
        refused = recv.refused();
    }

    @AfterEach
    void stop() {
        recv.close();
    }

    int port() {
        return receiver.localAddress().getPort();
    }

    void awaitReceived(int n) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(n, received.size(),
                "received: " + received + " refused: " + refused));
    }

    @Test
    void storescuFilesArriveAsEncodedAndChecked() throws Exception {
        // storescu proposes only uncompressed syntaxes unless told which compressed one a file needs
        Map<String, String> propose = Map.of("JPEG2000.dcm", "-xw", "SC_rgb_rle.dcm", "-xr", "SC_rgb_jpeg_dcmtk.dcm", "-xy",
                "image_dfl.dcm", "-xd");
        for (String f : FILES) {
            List<String> cmd = new ArrayList<>(List.of(TestData.dcmtk("storescu"), "-R", "-aet", "STORESCU", "-aec", "RECV"));
            if (propose.containsKey(f)) {
                cmd.add(propose.get(f));
            }
            cmd.addAll(List.of("127.0.0.1", Integer.toString(port()), TestData.pydicom(f).toString()));
            TestData.Run run = TestData.run(60, cmd.toArray(String[]::new));
            assertEquals(0, run.exit(), f + ": " + run.output());
        }
        awaitReceived(FILES.size());
        for (String f : FILES) {
            InstanceCheck.Header h = InstanceCheck.check(TestData.pydicom(f));
            // every file in the syntax it is encoded in, deflate included (PixelMed's own policy refused deflate)
            ReceivedInstance ri = received.stream().filter(i -> i.sopInstanceUid().equals(h.sopInstanceUid())
                    && i.transferSyntaxUid().equals(h.transferSyntaxUid())).findFirst()
                    .orElseThrow(() -> new AssertionError(f + " not received as encoded: " + received));
            assertEquals("STORESCU", ri.callingAeTitle());
            assertEquals(h.studyInstanceUid(), ri.studyInstanceUid());
            // storescu re-encodes other elements (drops trailing padding, deflates anew); pixel data must be the same
            assertArrayEquals(TestData.pixelDataBytes(TestData.pydicom(f)), TestData.pixelDataBytes(ri.file()), f + " pixel data byte for byte");
        }
    }

    /**
     * Transfer syntaxes and SOP classes that PixelMed 2022 does not know (HEVC, HTJ2K; Photoacoustic
     * Image Storage) arrive as encoded: the receiver decides by pacs-core's own data. storescu
     * (dcmtk 3.6.7) sends HEVC; HTJ2K and Photoacoustic are newer than dcmtk 3.6.7 too, so our own
     * C-STORE client, which proposes each file's class and syntax as they are, sends that one.
     */
    @Test
    void syntaxesAndSopClassesNewerThanPixelmedArriveAsEncoded() throws Exception {
        String photoacoustic = "1.2.840.10008.5.1.4.1.1.6.3";
        String hevc = "1.2.840.10008.1.2.4.107";
        String htj2k = "1.2.840.10008.1.2.4.201";
        assertTrue(org.rpb.pacs.core.dict.StorageSopClasses.standard().isStorage(photoacoustic));
        assertTrue(!com.pixelmed.dicom.SOPClass.isStorage(photoacoustic) && !new com.pixelmed.dicom.TransferSyntax(hevc).isRecognized()
                && !new com.pixelmed.dicom.TransferSyntax(htj2k).isRecognized(), "PixelMed learnt these: pick newer ones");
        Path hevcFile = tmp.resolve("hevc.dcm");
        // relabel pydicom's encapsulated JPEG file: the receiver stores fragments as they come, it never decodes them
        Path htj2kFile = tmp.resolve("htj2k.dcm");
        String script = String.join("\n",
                "import pydicom, sys",
                "d = pydicom.dcmread(sys.argv[1])",
                "d.file_meta.TransferSyntaxUID = '" + hevc + "'",
                "if len(sys.argv) > 3: d.SOPClassUID = d.file_meta.MediaStorageSOPClassUID = sys.argv[3]",
                "d.SOPInstanceUID = d.file_meta.MediaStorageSOPInstanceUID = pydicom.uid.generate_uid()",
                "d.save_as(sys.argv[2], write_like_original=False)");
        // dcmtk 3.6.7's storescu refuses SOP classes it does not know: the HEVC file stays Secondary Capture
        TestData.Run py = TestData.run(60, "/usr/bin/python3", "-c", script,
                TestData.pydicom("SC_rgb_jpeg_dcmtk.dcm").toString(), hevcFile.toString());
        assertEquals(0, py.exit(), py.output());
        py = TestData.run(60, "/usr/bin/python3", "-c", script,
                TestData.pydicom("SC_rgb_jpeg_dcmtk.dcm").toString(), htj2kFile.toString(), photoacoustic);
        assertEquals(0, py.exit(), py.output());
        byte[] b = Files.readAllBytes(htj2kFile);
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf(hevc);
        assertTrue(at > 0 && at < 400 && text.indexOf(hevc, at + 1) < 0, "one transfer syntax UID, in the meta information");
        byte[] h2 = b.clone();
        System.arraycopy(htj2k.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, h2, at, htj2k.length());
        Files.write(htj2kFile, h2);
        InstanceCheck.Header hh = InstanceCheck.check(hevcFile);
        assertEquals(htj2k, InstanceCheck.check(htj2kFile).transferSyntaxUid());

        TestData.Run run = TestData.run(60, TestData.dcmtk("storescu"), "-R", "-x4", "-aet", "STORESCU", "-aec", "RECV",
                "127.0.0.1", Integer.toString(port()), hevcFile.toString());
        assertEquals(0, run.exit(), run.output());
        awaitReceived(1);
        assertEquals(1, received.size(), "received: " + received + " refused: " + refused);
        ReceivedInstance ri = received.get(0);
        assertEquals(hevc, ri.transferSyntaxUid());
        assertEquals("1.2.840.10008.5.1.4.1.1.7", ri.sopClassUid());
        assertEquals(hh.sopInstanceUid(), ri.sopInstanceUid());
        assertArrayEquals(TestData.pixelDataBytes(hevcFile), TestData.pixelDataBytes(ri.file()));

        received.clear();
        PacsNode recv = PacsNode.builder().aeTitle("RECV").host("127.0.0.1").port(port()).callingAeTitle("PACS").build();
        StoreResult sr = DicomNetwork.dimse(recv).store(List.of(htj2kFile));
        assertTrue(sr.allStored(), sr.toString());
        awaitReceived(1);
        ri = received.get(0);
        assertEquals(htj2k, ri.transferSyntaxUid());
        assertEquals(photoacoustic, ri.sopClassUid());
        // our client sends the data set as it is in the file: the received file is the original byte for byte
        assertArrayEquals(TestData.dataSetBytes(htj2kFile), TestData.dataSetBytes(ri.file()), "HTJ2K data set byte for byte");
    }

    @Test
    void unknownCallingAeIsRefusedAndNothingStored() throws Exception {
        TestData.Run run = TestData.run(30, TestData.dcmtk("storescu"), "-aet", "INTRUDER", "-aec", "RECV", "127.0.0.1",
                Integer.toString(port()), TestData.pydicom("CT_small.dcm").toString());
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().toLowerCase().contains("reject"), run.output());
        assertTrue(refused.stream().anyMatch(r -> r.startsWith("INTRUDER")), refused.toString());
        assertEquals(List.of(), TestData.dicomFiles(tmp.resolve("spool")));
        // still serving allowed callers
        assertEquals(0, TestData.run(30, TestData.dcmtk("echoscu"), "-aet", "ECHOSCU", "-aec", "RECV", "127.0.0.1", Integer.toString(port())).exit());
    }

    @Test
    void findscuIsRefusedCleanlyBecauseTheReceiverOnlyStores() throws Exception {
        TestData.Run run = TestData.run(30, TestData.dcmtk("findscu"), "-S", "-aet", "FINDSCU", "-aec", "RECV", "-k", "QueryRetrieveLevel=STUDY",
                "-k", "StudyInstanceUID", "127.0.0.1", Integer.toString(port()));
        assertNotEquals(0, run.exit(), run.output());
        assertEquals(0, TestData.run(30, TestData.dcmtk("echoscu"), "-aet", "ECHOSCU", "-aec", "RECV", "127.0.0.1", Integer.toString(port())).exit());
    }

    @Test
    void movescuDrivenTransferFromOrthancArrives() throws Exception {
        try (OrthancServer orthanc = OrthancServer.builder().workDir(tmp.resolve("orthanc"))
                .modality("RECV", "127.0.0.1", port()).start()) {
            orthanc.upload(TestData.pydicom("CT_small.dcm"));
            InstanceCheck.Header h = InstanceCheck.check(TestData.pydicom("CT_small.dcm"));
            try (Expectation e = receiver.expect(new Expectation("movescu", "ORTHANC", h.studyInstanceUid(), h.seriesInstanceUid()))) {
                TestData.Run run = TestData.run(60, TestData.dcmtk("movescu"), "-S", "-aet", "PACS", "-aec", "ORTHANC", "-aem", "RECV",
                        "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + h.studyInstanceUid(), "127.0.0.1",
                        Integer.toString(orthanc.dicomPort()));
                assertEquals(0, run.exit(), run.output());
                List<ReceivedInstance> got = e.await(1, Duration.ofSeconds(10));
                assertEquals(1, got.size());
                assertEquals(h.sopInstanceUid(), got.get(0).sopInstanceUid());
            }
        }
    }

    @Test
    void ourStoreIntoDcmtkStorescpKeepsEncoding() throws Exception {
        int port = OrthancServer.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp"));
        Process scp = new ProcessBuilder(TestData.dcmtk("storescp"), "-aet", "DCMTK", "+xa", "-od", out.toString(), "-uf",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(tmp.resolve("storescp.log").toFile()).start();
        try {
            waitForPort(port);
            List<Path> files = FILES.stream().map(TestData::pydicom).toList();
            StoreResult r = DicomNetwork.dimse(PacsNode.builder().aeTitle("DCMTK").host("127.0.0.1").port(port).build()).store(files);
            assertTrue(r.allStored(), r.toString());
            for (Path f : files) {
                InstanceCheck.Header h = InstanceCheck.check(f);
                Path got = Files.list(out).filter(p -> p.getFileName().toString().contains(h.sopInstanceUid())).findFirst()
                        .orElseThrow(() -> new AssertionError(f + " not written by storescp"));
                assertEquals(h.transferSyntaxUid(), Part10Meta.read(got).transferSyntaxUid(), f.getFileName().toString());
                if (!h.transferSyntaxUid().equals("1.2.840.10008.1.2.1.99")) {
                    assertArrayEquals(TestData.pixelDataBytes(f), TestData.pixelDataBytes(got), f.getFileName() + " pixel data");
                }
            }
        } finally {
            scp.destroy();
            scp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void receiverClosedMidTransferGivesClearErrorAndLeavesNothing() throws Exception {
        Path big = bigInstance(tmp.resolve("big.dcm"), 200 * 1024 * 1024);
        DimseClient client = DicomNetwork.dimse(PacsNode.builder().aeTitle("RECV").host("127.0.0.1").port(port()).build());
        Path incoming = tmp.resolve("spool/.incoming");
        Thread killer = new Thread(() -> {
            try {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> hasPartialFile(incoming));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                return; // the store then succeeds and the assertion below says so
            }
            receiver.close();
        });
        killer.start();
        DicomNetworkException e = assertThrows(DicomNetworkException.class, () -> client.store(List.of(big)));
        killer.join(30_000);
        assertEquals(Operation.STORE, e.operation());
        assertTrue(e.getMessage().contains("RECV@127.0.0.1:" + port()) && e.getMessage().contains("0 stored"), e.getMessage());
        assertEquals(List.of(), TestData.dicomFiles(tmp.resolve("spool")));
        assertTrue(received.isEmpty());
        try (var s = Files.walk(incoming)) {
            assertEquals(0, s.filter(Files::isRegularFile).count(), "no partial file left");
        }
    }

    @Test
    void senderKilledMidTransferLeavesNothingHalfStored() throws Exception {
        Path big = bigInstance(tmp.resolve("big.dcm"), 300 * 1024 * 1024);
        Process scu = new ProcessBuilder(TestData.dcmtk("storescu"), "-aet", "STORESCU", "-aec", "RECV", "127.0.0.1",
                Integer.toString(port()), big.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("scu.log").toFile()).start();
        Path incoming = tmp.resolve("spool/.incoming");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> hasPartialFile(incoming) || !scu.isAlive());
        assertTrue(scu.isAlive(), "storescu still sending when killed");
        scu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(0, countFiles(incoming), "partial file removed"));
        assertEquals(List.of(), TestData.dicomFiles(tmp.resolve("spool")));
        assertTrue(received.isEmpty());
    }

    @Test
    void responseTimeoutNamesNodeAndOperation() throws Exception {
        int port = OrthancServer.freePort();
        Path out = Files.createDirectories(tmp.resolve("slow"));
        Process scp = new ProcessBuilder(TestData.dcmtk("storescp"), "-aet", "SLOW", "--sleep-during", "5", "-od", out.toString(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(tmp.resolve("slow.log").toFile()).start();
        try {
            waitForPort(port);
            DimseClient client = DicomNetwork.dimse(PacsNode.builder().aeTitle("SLOW").host("127.0.0.1").port(port)
                    .responseTimeout(Duration.ofSeconds(1)).build());
            long t = System.nanoTime();
            DicomNetworkException e = assertThrows(DicomNetworkException.class, () -> client.store(List.of(TestData.pydicom("CT_small.dcm"))));
            assertTrue(System.nanoTime() - t < TimeUnit.SECONDS.toNanos(4), "bounded by the response timeout");
            assertEquals(Operation.STORE, e.operation());
            assertTrue(e.getMessage().contains("SLOW@127.0.0.1:" + port) && e.getMessage().contains("no response in time"), e.getMessage());
        } finally {
            scp.destroy();
            scp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static boolean hasPartialFile(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).anyMatch(p -> {
                try {
                    return Files.size(p) > 1024 * 1024;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    static long countFiles(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    static void waitForPort(int port) {
        await("port " + port + " listening").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
    }

    /** A secondary capture instance with a large uncompressed OB pixel data, generated (never committed). */
    static Path bigInstance(Path file, int pixelBytes) throws IOException {
        String sop = "1.2.826.0.1.3680043.10.1385.9." + System.nanoTime();
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            Part10Meta.write(out, "1.2.840.10008.5.1.4.1.1.7", sop, "1.2.840.10008.1.2.1", "TEST");
            java.io.ByteArrayOutputStream ds = new java.io.ByteArrayOutputStream();
            el(ds, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
            el(ds, 0x0008, 0x0018, "UI", sop);
            el(ds, 0x0008, 0x0060, "CS", "OT");
            el(ds, 0x0020, 0x000D, "UI", sop + ".1");
            el(ds, 0x0020, 0x000E, "UI", sop + ".2");
            ds.writeTo(out);
            out.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, (byte) pixelBytes, (byte) (pixelBytes >> 8),
                (byte) (pixelBytes >> 16), (byte) (pixelBytes >> 24)});
            byte[] chunk = new byte[1 << 20];
            for (int n = 0; n < pixelBytes; n += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, pixelBytes - n));
            }
        }
        return file;
    }

    private static void el(java.io.ByteArrayOutputStream o, int g, int e, String vr, String v) {
        byte[] b = v.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int len = b.length + (b.length % 2);
        o.write(g);
        o.write(g >> 8);
        o.write(e);
        o.write(e >> 8);
        o.write(vr.charAt(0));
        o.write(vr.charAt(1));
        o.write(len);
        o.write(len >> 8);
        o.write(b, 0, b.length);
        if (b.length % 2 == 1) {
            o.write(vr.equals("UI") ? 0 : ' ');
        }
    }
}
