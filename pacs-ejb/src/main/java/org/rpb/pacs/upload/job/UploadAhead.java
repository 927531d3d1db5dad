package org.rpb.pacs.upload.job;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.rpb.pacs.upload.UploadPipeline;

/**
 * The next batch of an upload job execution, de-identified and stored on a thread of its own while the current
 * batch is verified, its progress written and its checkpoint committed. Only a verified batch is ever checkpointed,
 * so a batch sent ahead and then lost (the job failed, stopped or was taken over) is sent again by the next
 * execution: the same files and UIDs, one copy in the research PACS. Thread-safe.
 */
final class UploadAhead implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "upload-ahead");
        t.setDaemon(true);
        return t;
    });
    private final IntFunction<UploadPipeline.Sent> send;
    /** The batch sent ahead and its future, or -1 and null (guarded by this). */
    private int index = -1;
    private Future<UploadPipeline.Sent> next;

    /** @param send sends the batch of an index ({@link UploadPipeline#send}) */
    UploadAhead(IntFunction<UploadPipeline.Sent> send) {
        this.send = send;
    }

    /**
     * @param batch a batch's index
     * @return the batch sent: the one sent ahead if it is that one, else sent now on this thread
     * @throws InterruptedException if interrupted while waiting for the batch sent ahead
     */
    UploadPipeline.Sent take(int batch) throws InterruptedException {
        Future<UploadPipeline.Sent> f = null;
        synchronized (this) {
            if (index == batch) {
                f = next;
                index = -1;
                next = null;
            }
        }
        if (f == null) {
            // another batch may still be on its way: let it end before this one writes its files
            awaitQuietly();
            return send.apply(batch);
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** @param batch the index of the batch to send now on the thread of its own */
    synchronized void start(int batch) {
        index = batch;
        next = thread.submit(() -> send.apply(batch));
    }

    /** Waits for a batch sent ahead (its outcome is dropped) and ends the thread. */
    @Override
    public void close() {
        try {
            awaitQuietly();
        } finally {
            thread.shutdown();
        }
    }

    /** Waits for a batch still being sent ahead, so that no two sends write the same output files at once. */
    private void awaitQuietly() {
        Future<UploadPipeline.Sent> f;
        synchronized (this) {
            f = next;
            index = -1;
            next = null;
        }
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // dropped: the batch is sent again by whoever needs it
        }
    }
}
