package org.rpb.pacs.core.net;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.net.testing.TestData;

/**
 * A receiver whose executor has no thread left turns the next association away at once (A-ASSOCIATE-RJ,
 * transient) and says why, instead of leaving the sender unanswered: the contract the module's receiver relies on
 * with its own bounded pool of threads.
 */
class ReceiverBusyTest {

    @TempDir
    Path tmp;

    @Test
    void anAssociationBeyondTheExecutorsThreadsIsRejectedAtOnce() throws Exception {
        // two threads: the accept loop and one association
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 2, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
        List<String> refused = new CopyOnWriteArrayList<>();
        List<Path> files = NoDelayGuardTest.copiesWithDistinctUids(TestData.pydicom("CT_small.dcm"), tmp.resolve("in"), 2);
        try (StoreReceiver receiver = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("BUSY")
                .spoolFolder(tmp.resolve("spool")).executor(executor).listener(new ReceiverListener() {
                    @Override
                    public void received(ReceivedInstance instance) {
                        // nobody claims it
                    }

                    @Override
                    public void refused(String callingAe, String reason) {
                        refused.add(reason);
                    }
                }).build())) {
            receiver.start();
            PacsNode node = PacsNode.parse("BUSY@127.0.0.1:" + receiver.localAddress().getPort(), "SENDER");
            try (StoreSession first = DicomNetwork.dimse(node).openStore();
                    StoreSession second = DicomNetwork.dimse(node).openStore()) {
                // the first association stays open after its C-STORE and holds the executor's last thread
                assertTrue(first.store(files.get(0)).stored());
                assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(DicomNetworkException.class, () -> second.store(files.get(1))));
            }
            assertTrue(refused.contains("no worker thread available"), refused.toString());
        } finally {
            executor.shutdownNow();
        }
    }
}
