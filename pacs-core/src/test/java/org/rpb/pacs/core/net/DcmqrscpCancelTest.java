package org.rpb.pacs.core.net;

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
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;

/**
 * C-CANCEL against dcmtk's dcmqrscp (a second, independent query/retrieve archive): the caller
 * cancels a C-FIND from its match callback; dcmqrscp checks for C-CANCEL between responses and ends
 * with the cancel status.
 */
class DcmqrscpCancelTest {
    static final int COUNT = 400;

    @TempDir
    Path tmp;
    Process qr;
    int port;

    @BeforeEach
    void start() throws Exception {
        port = OrthancServer.freePort();
        Path db = Files.createDirectories(tmp.resolve("db"));
        Path cfg = tmp.resolve("dcmqrscp.cfg");
        Files.writeString(cfg, "NetworkTCPPort = " + port + "\nMaxPDUSize = 16384\nMaxAssociations = 16\n\n"
                + "HostTable BEGIN\nHostTable END\n\nVendorTable BEGIN\nVendorTable END\n\n"
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
}
