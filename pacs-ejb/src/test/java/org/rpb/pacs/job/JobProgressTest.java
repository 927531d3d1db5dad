package org.rpb.pacs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A job's progress listener: batches of at most the steps waiting, written in the order taken (an instance's last
 * step wins), the writes due while steps arrive on the writer executor so that reporting threads never wait for the
 * database, everything written by {@link JobProgress#flush()}, a failed write reported to the job.
 */
class JobProgressTest {

    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        writer.shutdownNow();
    }

    private static InstanceProgress step(int instance, InstanceState state) {
        return new InstanceProgress("1.2.3." + instance, "1.2.3", "2.25." + instance, state, "");
    }

    @Test
    void writesABatchWhenRowsStepsWaitAndTheRestOnFlush() {
        List<List<InstanceProgress>> batches = new ArrayList<>();
        JobProgress progress = new JobProgress(batches::add);
        for (int k = 0; k < JobProgress.ROWS - 1; k++) {
            progress.accept(step(k, InstanceState.RETRIEVED));
        }
        assertEquals(0, batches.size(), "nothing due before the last step of a batch");
        progress.accept(step(JobProgress.ROWS - 1, InstanceState.RETRIEVED));
        assertEquals(1, batches.size());
        assertEquals(JobProgress.ROWS, batches.get(0).size());
        progress.accept(step(JobProgress.ROWS, InstanceState.RETRIEVED));
        progress.flush();
        assertEquals(List.of(step(JobProgress.ROWS, InstanceState.RETRIEVED)), batches.get(1));
        progress.flush();
        assertEquals(2, batches.size(), "an empty buffer is not written");
    }

    @Test
    void reportingThreadsGoOnWhileABatchIsWrittenAndNoStepIsLostOrReordered() throws Exception {
        CountDownLatch databaseSlow = new CountDownLatch(1);
        List<List<InstanceProgress>> batches = new ArrayList<>();
        JobProgress progress = new JobProgress(batch -> {
            try {
                databaseSlow.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (batches) {
                batches.add(batch);
            }
        }, writer);
        // four threads report 250 instances each through three steps while the first write hangs
        ExecutorService reporters = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t * 250;
            done.add(reporters.submit(() -> {
                for (int k = first; k < first + 250; k++) {
                    progress.accept(step(k, InstanceState.RETRIEVED));
                    progress.accept(step(k, InstanceState.DEIDENTIFIED));
                    progress.accept(step(k, InstanceState.STORED));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        reporters.shutdown();
        assertEquals(0, batches.size(), "the reporting threads did not wait for the hanging write");
        databaseSlow.countDown();
        progress.flush();
        Map<String, InstanceState> last = new LinkedHashMap<>();
        int steps = 0;
        for (List<InstanceProgress> b : batches) {
            for (InstanceProgress p : b) {
                last.put(p.sourceSopInstanceUid(), p.state());
                steps++;
            }
        }
        // the steps that waited together went out as each instance's latest one
        assertTrue(steps < 3000 && steps >= 1000, "each instance's latest step of a batch, once: " + steps);
        assertEquals(1000, last.size(), "no instance lost");
        assertTrue(last.values().stream().allMatch(s -> s == InstanceState.STORED), "an earlier step overwrote a later one");
        assertTrue(batches.size() < 3000 / JobProgress.ROWS, "steps that waited went out together: " + batches.size());
    }

    @Test
    void aBatchWritesEachInstancesLatestStepKeepingAUidOnlyAnEarlierStepNamed() {
        List<InstanceProgress> steps = List.of(
                new InstanceProgress("1.1", "1", "", InstanceState.RETRIEVED, ""),
                new InstanceProgress("1.2", "1", "", InstanceState.RETRIEVED, ""),
                new InstanceProgress("1.1", "1", "2.1", InstanceState.DEIDENTIFIED, ""),
                new InstanceProgress("1.1", "", "", InstanceState.FAILED, "not stored: refused"));
        assertEquals(List.of(new InstanceProgress("1.2", "1", "", InstanceState.RETRIEVED, ""),
                new InstanceProgress("1.1", "1", "2.1", InstanceState.FAILED, "not stored: refused")),
                JobProgress.latest(steps));
        List<InstanceProgress> distinct = steps.subList(0, 2);
        assertSame(distinct, JobProgress.latest(distinct), "nothing to merge");
    }

    @Test
    void aFailedWriteFailsTheJobAtTheNextStepOrFlush() {
        IllegalStateException down = new IllegalStateException("database unreachable");
        JobProgress progress = new JobProgress(batch -> {
            throw down;
        }, writer);
        for (int k = 0; k < JobProgress.ROWS; k++) {
            progress.accept(step(k, InstanceState.RETRIEVED));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertSame(down,
                assertThrows(IllegalStateException.class, () -> progress.accept(step(99, InstanceState.RETRIEVED)))));
        assertSame(down, assertThrows(IllegalStateException.class, progress::flush));
    }
}
