package org.rpb.pacs.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.net.testing.TestData;

/**
 * A store session keeps one association per kind of instance (SOP class, transfer syntax) open for more of the same,
 * and releases one of another kind left unused for a while before it opens the next: a study's series of one kind
 * after the other do not keep idle associations open at the research PACS (in Orthanc an idle association ties up
 * one of its few DICOM threads). Kinds sent in turn within that time keep both associations. Counted as the
 * receiver's established connections, from the kernel's table ({@code /proc/net/tcp}, {@code /proc/net/tcp6}).
 */
class StoreSessionIdleReleaseTest {

    @TempDir
    Path tmp;

    @Test
    void anAssociationOfAnotherKindLeftIdleIsReleasedBeforeTheNextOneOpens() throws Exception {
        List<Path> ct = NoDelayGuardTest.copiesWithDistinctUids(TestData.pydicom("CT_small.dcm"), tmp.resolve("ct"), 2);
        List<Path> mr = NoDelayGuardTest.copiesWithDistinctUids(TestData.pydicom("MR_small.dcm"), tmp.resolve("mr"), 2);
        ExecutorService executor = Executors.newCachedThreadPool();
        try (StoreReceiver receiver = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("IDLE")
                .spoolFolder(tmp.resolve("spool")).executor(executor).listener(new ReceiverListener() {
                    @Override
                    public void received(ReceivedInstance instance) {
                        // nobody claims it
                    }
                }).build())) {
            receiver.start();
            int port = receiver.localAddress().getPort();
            PacsNode node = PacsNode.parse("IDLE@127.0.0.1:" + port, "SENDER");
            try (StoreSession session = DicomNetwork.dimse(node).openStore()) {
                // in turn: the CT association is still in use when the MR one opens
                assertTrue(session.store(ct.get(0)).stored());
                assertTrue(session.store(mr.get(0)).stored());
                assertEquals(2, established(port), "associations open after a CT and at once an MR");
                // one kind after the other: the MR association, unused for longer, is released first
                Thread.sleep(300);
                assertTrue(session.store(ct.get(1)).stored());
                Awaitility.await("the idle MR association closed").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(20)).until(() -> established(port) == 1);
            }
            Awaitility.await("every association closed with the session").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20)).until(() -> established(port) == 0);
        } finally {
            executor.shutdownNow();
        }
    }

    /** The receiver's side of the established TCP connections on {@code port} (state 01 in the kernel's table). */
    private static int established(int port) throws IOException {
        String local = String.format(":%04X", port);
        int n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(local) && f[3].equals("01")) {
                    n++;
                }
            }
        }
        return n;
    }
}
