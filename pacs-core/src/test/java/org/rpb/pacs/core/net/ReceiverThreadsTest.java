package org.rpb.pacs.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.testing.TestData;

/**
 * Inside WildFly the receiver may run only on the managed executor it is given: a thread it (or
 * PixelMed) started itself would escape the container. Here the executor's threads are counted
 * and every thread alive during and after a transfer from storescu is checked to be one of them or
 * one that existed before.
 */
@Tag("external")
class ReceiverThreadsTest {
    @TempDir
    Path tmp;

    @Test
    void theReceiverRunsOnlyOnTheGivenExecutor() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Set<Thread> ours = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "given-executor-" + made.incrementAndGet());
            ours.add(t);
            return t;
        };
        ExecutorService executor = Executors.newCachedThreadPool(factory);
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        List<ReceivedInstance> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (StoreReceiver receiver = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("RECV").spoolFolder(tmp.resolve("spool"))
                .executor(executor).listener(i -> {
                    seen.addAll(Thread.getAllStackTraces().keySet());
                    received.add(i);
                }).build())) {
            receiver.start();
            List<Path> files = NoDelayGuardTest.copiesWithDistinctUids(TestData.pydicom("CT_small.dcm"), tmp.resolve("in"), 20);
            // output to a file: the harness's TestData.run reads it on a thread of its own
            Path log = tmp.resolve("storescu.log");
            Process p = new ProcessBuilder(TestData.dcmtk("storescu"), "+sd", "-aet", "STORESCU", "-aec", "RECV", "127.0.0.1",
                    Integer.toString(receiver.localAddress().getPort()), tmp.resolve("in").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), java.nio.file.Files.readString(log));
            // polled on this thread: Awaitility's own would count among the threads this test looks for
            await().pollInSameThread().atMost(java.time.Duration.ofSeconds(10))
                    .untilAsserted(() -> assertEquals(files.size(), received.size()));
            seen.addAll(Thread.getAllStackTraces().keySet());
        } finally {
            executor.shutdownNow();
        }
        Set<Thread> foreign = new HashSet<>();
        for (Thread t : seen) {
            if (!before.contains(t) && !ours.contains(t) && !t.getName().startsWith("process reaper")) {
                foreign.add(t);
            }
        }
        assertTrue(foreign.isEmpty(), "threads not from the given executor: " + foreign);
        assertTrue(made.get() >= 2, "accept loop and at least one association on the executor: " + made.get());
    }
}
