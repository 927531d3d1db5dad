package org.rpb.pacs.core.net.pixelmed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.InstanceCheck;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StoreSession;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;

/**
 * A store session sends a study's images and RT objects over one association: the association it opens for the
 * first instance also proposes the other classes of a radiotherapy study, in the uncompressed transfer syntaxes
 * too (the pydicom CT is explicit VR, its RT Dose and RT Plan implicit VR). Counted by a relay in front of a real
 * Orthanc: every TCP connection the session makes goes through it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreSessionAssociationsTest {
    @TempDir
    static Path tmp;
    private OrthancServer orthanc;
    private ServerSocket relay;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        orthanc = OrthancServer.builder().aeTitle("RESEARCH").workDir(tmp.resolve("orthanc")).start();
        relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::relay, "relay");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    void stop() throws IOException {
        relay.close();
        orthanc.close();
    }

    /** Accepts connections, counts them and pipes each to Orthanc's DICOM port both ways. */
    private void relay() {
        while (!relay.isClosed()) {
            try {
                Socket in = relay.accept();
                connections.incrementAndGet();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), orthanc.dicomPort());
                pipe(in, out);
                pipe(out, in);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                i.transferTo(o);
            } catch (IOException ignored) {
                // the other direction closed it
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "relay-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void imagesAndRtObjectsOfOneStudyGoOverOneAssociation() throws Exception {
        PacsNode node = PacsNode.builder().aeTitle(orthanc.aeTitle()).host("127.0.0.1").port(relay.getLocalPort())
                .callingAeTitle("RPBPACS").responseTimeout(Duration.ofSeconds(30)).build();
        Path study = tmp.resolve("rt-study");
        TestData.Run gen = TestData.run(120, "/usr/bin/python3",
                Path.of("../scripts/testdata/make_rt_study.py").toString(), "--out", study.toString(),
                "--patient-id", "ASSOC-1", "--patient-name", "Session^Sam", "--slices", "2");
        assertEquals(0, gen.exit(), "make_rt_study.py (needs python3-pydicom): " + gen.output());
        // CT slices, RT Structure Set, RT Plan, RT Dose; then pydicom's explicit VR CT and implicit VR MR
        List<Path> files = new java.util.ArrayList<>(TestData.dicomFiles(study));
        assertEquals(5, files.size());
        files.add(TestData.pydicom("CT_small.dcm"));
        files.add(TestData.pydicom("MR_small_implicit.dcm"));
        try (StoreSession session = DicomNetwork.dimse(node).openStore()) {
            for (Path f : files) {
                StoreResult.Instance r = session.store(f);
                assertTrue(r.stored(), f.getFileName() + ": " + r.reason());
                assertEquals(InstanceCheck.check(f).sopInstanceUid(), r.sopInstanceUid());
            }
            // an instance in memory takes the same association
            StoreResult.Instance again = session.store(DicomReader.create().read(files.get(4)), tmp.resolve("scratch.dcm"));
            assertTrue(again.stored(), again.reason());
        }
        assertEquals(1, connections.get(), "associations opened for 7 instances of 4 SOP classes in 2 transfer syntaxes");
        assertEquals(7, orthanc.instanceCount());
    }
}
