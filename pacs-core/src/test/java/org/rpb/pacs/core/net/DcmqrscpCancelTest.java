package org.rpb.pacs.core.net;

import org.rpb.pacs.core.dict.Tags;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;

/**
 * C-CANCEL against dcmtk's dcmqrscp (a second, independent query/retrieve archive): the caller
 * cancels a C-FIND from its match callback, and a C-MOVE (into our receiver) and a C-GET from their
 * progress callbacks; dcmqrscp checks for C-CANCEL between responses and sub-operations and ends
 * with the cancel status. On a response timeout the client sends C-CANCEL and aborts, seen by a
 * peer that accepts the association and then stays silent.
 */
@Tag("external")
class DcmqrscpCancelTest {
    static final int COUNT = 400;

    @TempDir
    Path tmp;
    Process qr;
    int port;

    java.util.concurrent.ExecutorService executor;
    StoreReceiver receiver;
    final java.util.concurrent.atomic.AtomicInteger unclaimed = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        executor = java.util.concurrent.Executors.newCachedThreadPool();
        receiver = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("RECV").spoolFolder(tmp.resolve("spool"))
                .executor(executor).listener(i -> unclaimed.incrementAndGet()).build());
        receiver.start();
        port = OrthancServer.freePort();
        Path db = Files.createDirectories(tmp.resolve("db"));
        Path cfg = tmp.resolve("dcmqrscp.cfg");
        Files.writeString(cfg, "NetworkTCPPort = " + port + "\nMaxPDUSize = 16384\nMaxAssociations = 16\n\n"
                + "HostTable BEGIN\nrecv = (RECV, 127.0.0.1, " + receiver.localAddress().getPort() + ")\nHostTable END\n\n"
                + "VendorTable BEGIN\nVendorTable END\n\n"
                + "AETable BEGIN\nQR " + db + " RW (1000, 1024mb) ANY\nAETable END\n");
        ProcessBuilder pb = new ProcessBuilder(TestData.dcmtk("dcmqrscp"), "-c", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("dcmqrscp.log").toFile());
        // Debian's dcmtk leaves Nagle on unless told; its C-STORE responses would each wait ~40 ms
        pb.environment().put("TCP_NODELAY", "1");
        qr = pb.start();
        DcmtkReceiverTest.waitForPort(port);
    }

    @AfterEach
    void stop() throws InterruptedException {
        qr.destroy();
        qr.waitFor(10, TimeUnit.SECONDS);
        receiver.close();
        executor.shutdownNow();
    }

    private FindQuery storeSeries() throws Exception {
        List<Path> files = NoDelayGuardTest.copiesWithDistinctUids(TestData.pydicom("CT_small.dcm"), tmp.resolve("in"), COUNT);
        assertTrue(DicomNetwork.dimse(qrNode()).store(files).allStored());
        InstanceCheck.Header h = InstanceCheck.check(files.get(0));
        return FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(h.studyInstanceUid()).seriesInstanceUid(h.seriesInstanceUid()).build();
    }

    private PacsNode qrNode() {
        return PacsNode.builder().aeTitle("QR").host("127.0.0.1").port(port).build();
    }

    @Test
    void callerCancelOfAMoveSendsCCancelAndTheMoveEndsCancelled() throws Exception {
        FindQuery q = storeSeries();
        CancelToken cancel = CancelToken.create();
        List<MoveProgress> progress = new ArrayList<>();
        String study = q.keys().get(Tags.StudyInstanceUID.value());
        RetrieveResult r;
        // with an expectation: the C-MOVE-RQ is our own encoding with the receiver's Message ID, which dcmqrscp must accept too
        try (Expectation e = receiver.expect(new Expectation("cancelled move", "QR", study, null, qrNode().callingAeTitle()))) {
            r = DicomNetwork.dimse(qrNode()).move(q, "RECV", e, p -> {
                progress.add(p);
                if (p.completed() >= 5) {
                    cancel.cancel();
                }
            }, cancel);
            assertTrue(e.await(r.completed(), java.time.Duration.ofSeconds(10)).size() >= r.completed(), "claimed: " + e.received().size());
            assertTrue(e.received().stream().allMatch(i -> i.moveOriginatorMessageId() == e.moveMessageId()));
        }
        assertEquals(DicomStatus.CANCEL, r.status(), r.describe());
        assertTrue(r.cancelled(), r.describe());
        assertTrue(r.completed() >= 5 && r.completed() < COUNT, r.describe());
        assertTrue(progress.size() < COUNT, progress.size() + " responses");
    }

    @Test
    void callerCancelOfAGetSendsCCancelAndTheGetEndsCancelled() throws Exception {
        FindQuery q = storeSeries();
        CancelToken cancel = CancelToken.create();
        RetrieveResult r = DicomNetwork.dimse(qrNode()).get(q, java.util.Set.of("1.2.840.10008.5.1.4.1.1.2"), tmp.resolve("get"), p -> {
            if (p.completed() >= 5) {
                cancel.cancel();
            }
        }, cancel);
        assertEquals(DicomStatus.CANCEL, r.status(), r.describe());
        assertTrue(r.cancelled(), r.describe());
        assertTrue(r.completed() >= 5 && r.completed() < COUNT, r.describe());
        assertEquals(r.completed(), r.files().size(), "every completed sub-operation left a checked file");
        assertEquals(r.completed(), TestData.dicomFiles(tmp.resolve("get")).size(), "nothing else in the folder");
    }

    @Test
    void responseTimeoutOfMoveAndGetSendsCCancelThenAborts() throws Exception {
        FindQuery q = FindQuery.builder(QueryLevel.STUDY).studyInstanceUid("1.2.3.4").build();
        for (Operation op : List.of(Operation.MOVE, Operation.GET)) {
            try (org.rpb.pacs.core.net.testing.SilentScp silent = new org.rpb.pacs.core.net.testing.SilentScp()) {
                DimseClient client = DicomNetwork.dimse(PacsNode.builder().aeTitle("SILENT").host("127.0.0.1").port(silent.port())
                        .responseTimeout(java.time.Duration.ofSeconds(1)).build());
                DicomNetworkException e = org.junit.jupiter.api.Assertions.assertThrows(DicomNetworkException.class, () -> {
                    if (op == Operation.MOVE) {
                        client.move(q, "RECV", p -> { }, CancelToken.create());
                    } else {
                        client.get(q, java.util.Set.of(), tmp.resolve("get-silent"), p -> { }, CancelToken.create());
                    }
                });
                assertEquals(op, e.operation());
                assertTrue(e.getMessage().contains("SILENT@127.0.0.1") && e.getMessage().contains("no response within 1 s")
                        && e.getMessage().contains("C-CANCEL"), e.getMessage());
                await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(silent.aborted(),
                        op + ": A-ABORT after the C-CANCEL; got " + silent.commands()));
                List<org.rpb.pacs.core.net.testing.SilentScp.Command> cmds = silent.commands();
                assertEquals(2, cmds.size(), op + ": " + cmds);
                assertEquals(op == Operation.MOVE ? 0x0021 : 0x0010, cmds.get(0).field(), op + " request first: " + cmds);
                assertEquals(0x0FFF, cmds.get(1).field(), "then C-CANCEL-RQ: " + cmds);
                assertEquals(cmds.get(0).messageId(), cmds.get(1).respondedTo(), "C-CANCEL names the request it cancels");
            }
        }
    }

    @Test
    void callerCancelSendsCCancelAndTheFindEndsCancelled() throws Exception {
        List<Path> files = NoDelayGuardTest.copiesWithDistinctUids(TestData.pydicom("CT_small.dcm"), tmp.resolve("in"), COUNT);
        DimseClient client = DicomNetwork.dimse(PacsNode.builder().aeTitle("QR").host("127.0.0.1").port(port).build());
        assertTrue(client.store(files).allStored());
        InstanceCheck.Header h = InstanceCheck.check(files.get(0));
        FindQuery q = FindQuery.builder(QueryLevel.IMAGE).studyInstanceUid(h.studyInstanceUid())
                .seriesInstanceUid(h.seriesInstanceUid()).build();

        assertEquals(COUNT, client.find(q).size(), "without cancel every instance matches");

        CancelToken cancel = CancelToken.create();
        List<FindMatch> seen = new ArrayList<>();
        int status = client.find(q, m -> {
            seen.add(m);
            cancel.cancel();
        }, cancel);
        assertEquals(DicomStatus.CANCEL, status, "final status after C-CANCEL");
        assertTrue(seen.size() < COUNT, seen.size() + " matches before the cancel took effect");
        assertTrue(cancel.isCancelled());
    }

    /**
     * PixelMed's trap: proposing every storage class makes peers refuse the association (at most
     * 128 presentation contexts). C-GET proposes the retrieve context and, per storage class asked
     * for, its own contexts only; the default class list stays within the limit; more classes than
     * fit are refused before any connection is made.
     */
    @Test
    void getProposesOnlyTheNeededPresentationContexts() throws Exception {
        FindQuery q = FindQuery.builder(QueryLevel.STUDY).studyInstanceUid("1.2.3.4").build();
        String ct = "1.2.840.10008.5.1.4.1.1.2";
        try (org.rpb.pacs.core.net.testing.SilentScp silent = new org.rpb.pacs.core.net.testing.SilentScp()) {
            DimseClient client = DicomNetwork.dimse(PacsNode.builder().aeTitle("SILENT").host("127.0.0.1").port(silent.port())
                    .responseTimeout(java.time.Duration.ofSeconds(1)).build());
            org.junit.jupiter.api.Assertions.assertThrows(DicomNetworkException.class,
                    () -> client.get(q, java.util.Set.of(ct), tmp.resolve("g1"), p -> { }, CancelToken.create()));
            List<String> proposed = silent.proposedAbstractSyntaxes();
            assertEquals("1.2.840.10008.5.1.4.1.2.2.3", proposed.get(0), "Study Root GET first");
            assertEquals(java.util.Set.of("1.2.840.10008.5.1.4.1.2.2.3", ct), new java.util.HashSet<>(proposed), proposed.toString());
            assertTrue(proposed.size() <= 12, proposed.size() + " contexts for one class");
        }
        try (org.rpb.pacs.core.net.testing.SilentScp silent = new org.rpb.pacs.core.net.testing.SilentScp()) {
            DimseClient client = DicomNetwork.dimse(PacsNode.builder().aeTitle("SILENT").host("127.0.0.1").port(silent.port())
                    .responseTimeout(java.time.Duration.ofSeconds(1)).build());
            org.junit.jupiter.api.Assertions.assertThrows(DicomNetworkException.class,
                    () -> client.get(q, java.util.Set.of(), tmp.resolve("g2"), p -> { }, CancelToken.create()));
            List<String> proposed = silent.proposedAbstractSyntaxes();
            assertTrue(proposed.size() > 12 && proposed.size() < 128, proposed.size() + " contexts for the default classes");
            for (String cls : List.of("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.481.2",
                    "1.2.840.10008.5.1.4.1.1.481.1", "1.2.840.10008.5.1.4.1.1.481.3", "1.2.840.10008.5.1.4.1.1.481.5")) {
                assertTrue(proposed.contains(cls), cls + " in the default list");
            }
            assertEquals(1, java.util.Collections.frequency(proposed, "1.2.840.10008.5.1.4.1.1.481.3"),
                    "RT Structure Set has no pixel data: one uncompressed context");
        }
        java.util.Set<String> many = new java.util.LinkedHashSet<>();
        for (int i = 1; i <= 40; i++) {
            many.add("1.2.840.10008.5.1.4.1.1." + i);
        }
        try (java.net.ServerSocket nobody = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            DimseClient client = DicomNetwork.dimse(PacsNode.builder().aeTitle("NOBODY").host("127.0.0.1").port(nobody.getLocalPort()).build());
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> client.get(q, many, tmp.resolve("g3"), p -> { }, CancelToken.create()));
            assertTrue(e.getMessage().contains("128"), e.getMessage());
            nobody.setSoTimeout(200);
            org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class, nobody::accept,
                    "refused before connecting");
        }
    }
}
