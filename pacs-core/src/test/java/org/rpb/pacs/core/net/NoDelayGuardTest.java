package org.rpb.pacs.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.testing.TestData;

/**
 * Guard for PixelMed's TCP_NODELAY trap: without the option each small DIMSE message waits for a
 * delayed ACK (about 40 ms on Linux), so 200 small C-STOREs on one loopback association would take
 * over 8 s. With it they take a few ms each. The bound (15 ms per message, averaged over 200)
 * leaves ample room for a slow machine and still fails if either side loses the option.
 */
@Tag("external")
class NoDelayGuardTest {
    static final int COUNT = 200;

    @TempDir
    Path tmp;

    @Test
    void manySmallStoresOnLoopbackStayFarBelowTheDelayedAckTime() throws Exception {
        List<Path> files = copiesWithDistinctUids(TestData.pydicom("CT_small.dcm"), tmp.resolve("in"), COUNT);
        ExecutorService executor = Executors.newCachedThreadPool();
        AtomicInteger received = new AtomicInteger();
        try (StoreReceiver receiver = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("GUARD")
                .spoolFolder(tmp.resolve("spool")).executor(executor).listener(i -> received.incrementAndGet()).build())) {
            receiver.start();
            DimseClient client = DicomNetwork.dimse(PacsNode.builder().aeTitle("GUARD").host("127.0.0.1")
                    .port(receiver.localAddress().getPort()).build());
            client.store(files.subList(0, 5)); // warm-up: class loading and JIT are not what this measures
            long start = System.nanoTime();
            StoreResult r = client.store(files.subList(5, files.size()));
            double perMessageMs = (System.nanoTime() - start) / 1e6 / (COUNT - 5);
            assertTrue(r.allStored(), r.toString());
            assertTrue(perMessageMs < 15.0, String.format(
                    "%.1f ms per C-STORE on loopback: TCP_NODELAY is probably not set on one side", perMessageMs));
        } finally {
            executor.shutdownNow();
        }
        assertEquals(COUNT, received.get());
    }

    /** Copies of a file whose SOP Instance UID is changed in the meta information and in the data set. */
    static List<Path> copiesWithDistinctUids(Path source, Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        byte[] all = Files.readAllBytes(source);
        Part10Meta meta = Part10Meta.read(source);
        byte[] uid = meta.sopInstanceUid().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // same length as the original UID so that no length field changes
            String suffix = String.format("%05d", i);
            byte[] copy = all.clone();
            byte[] newUid = uid.clone();
            System.arraycopy(suffix.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, newUid, newUid.length - 5, 5);
            replaceAll(copy, uid, newUid);
            Path f = dir.resolve("ct" + i + ".dcm");
            try (OutputStream o = Files.newOutputStream(f)) {
                o.write(copy);
            }
            out.add(f);
        }
        return out;
    }

    private static void replaceAll(byte[] data, byte[] from, byte[] to) {
        outer:
        for (int i = 0; i + from.length <= data.length; i++) {
            for (int j = 0; j < from.length; j++) {
                if (data[i + j] != from[j]) {
                    continue outer;
                }
            }
            System.arraycopy(to, 0, data, i, to.length);
        }
    }
}
