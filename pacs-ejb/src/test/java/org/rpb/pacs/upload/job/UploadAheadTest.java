package org.rpb.pacs.upload.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class UploadAheadTest {

    @Test
    void theBatchSentAheadIsTakenNotSentAgain() throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        try (UploadAhead ahead = new UploadAhead(k -> {
            sent.add(k);
            return null;
        })) {
            ahead.start(1);
            ahead.take(1);
            ahead.take(2);
        }
        assertEquals(List.of(1, 2), sent);
    }

    @Test
    void anotherBatchWaitsUntilTheOneSentAheadHasEnded() throws Exception {
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicBoolean firstEnded = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        try (UploadAhead ahead = new UploadAhead(k -> {
            if (k == 1) {
                // a second send that did not wait would start while this one waits here
                try {
                    secondStarted.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                firstEnded.set(true);
            } else {
                overlapped.set(!firstEnded.get());
                secondStarted.countDown();
            }
            return null;
        })) {
            ahead.start(1);
            ahead.take(2);
        }
        assertTrue(firstEnded.get());
        assertFalse(overlapped.get(), "batch 2 was sent while batch 1 was still being sent");
    }
}
