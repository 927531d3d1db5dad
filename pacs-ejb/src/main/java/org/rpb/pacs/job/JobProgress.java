package org.rpb.pacs.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A job's listener for per-instance steps, safe to call from several threads at once (a pipeline's receiver and
 * workers): it buffers the steps and writes them in one transaction per batch, when {@value #ROWS} steps are
 * waiting or two seconds have passed since the last write, and on {@link #flush()} (at the end of each series or
 * batch). The writes due while steps arrive run on the given executor, so that the threads reporting a step never
 * wait for the database (a C-MOVE's receiver thread would otherwise hold up the transfer); steps arriving while
 * a batch is written wait in the buffer for the next one. Batches are written one after the other in the order
 * they were taken, so an instance's later state is never overwritten by an earlier one. Within a batch only each
 * instance's latest step is written (an instance is usually retrieved, de-identified and stored within one batch:
 * one row written instead of three, the same row in the end). A batch that could not be written fails the next
 * {@link #accept} or {@link #flush()} with its cause.
 */
public final class JobProgress implements Consumer<InstanceProgress> {
    /**
     * Steps that make a write due. A running job reports about four steps per instance; every write is a transaction
     * that also recounts the job, so a cohort of jobs at once writes about once per job and interval, not per step.
     */
    public static final int ROWS = 200;
    /** The most a step waits before a write is due: what a user watching the job's page waits for it at most. */
    private static final long NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Consumer<List<InstanceProgress>> sink;
    private final Executor writer;
    private final Object writing = new Object();
    private List<InstanceProgress> buffer = new ArrayList<>();
    private long lastWrite = System.nanoTime();
    /** A write is handed to the executor and has not finished yet. */
    private boolean scheduled;
    private RuntimeException failure;

    /**
     * Writes on the calling thread (of the step that made a write due).
     *
     * @param sink writes one batch (e.g. {@link JobService#record} for the job, as a contextual proxy so that it
     *        runs as the job's user on any thread)
     */
    public JobProgress(Consumer<List<InstanceProgress>> sink) {
        this(sink, Runnable::run);
    }

    /**
     * @param sink writes one batch (as above); it must work on the executor's threads
     * @param writer runs the writes that become due as steps arrive (in the server a managed executor)
     */
    public JobProgress(Consumer<List<InstanceProgress>> sink, Executor writer) {
        this.sink = sink;
        this.writer = writer;
    }

    @Override
    public void accept(InstanceProgress p) {
        boolean due;
        synchronized (this) {
            rethrow();
            buffer.add(p);
            due = !scheduled && (buffer.size() >= ROWS || System.nanoTime() - lastWrite >= NANOS);
            scheduled |= due;
        }
        if (due) {
            try {
                writer.execute(this::writeInBackground);
            } catch (RejectedExecutionException e) {
                // no thread to write on (the server is stopping): write here
                synchronized (this) {
                    scheduled = false;
                }
                writeWaiting();
            }
        }
    }

    /**
     * Writes what is waiting, after the write in progress, and returns when it is written.
     *
     * @throws RuntimeException the failure of this or an earlier write
     */
    public void flush() {
        writeWaiting();
        synchronized (this) {
            rethrow();
        }
    }

    private void writeInBackground() {
        try {
            writeWaiting();
        } catch (RuntimeException e) {
            synchronized (this) {
                if (failure == null) {
                    failure = e;
                }
            }
        } finally {
            synchronized (this) {
                scheduled = false;
            }
        }
    }

    /** Takes the buffer and writes it, both under one lock, so that batches are written in the order taken. */
    private void writeWaiting() {
        synchronized (writing) {
            List<InstanceProgress> batch;
            synchronized (this) {
                batch = buffer;
                buffer = new ArrayList<>();
                lastWrite = System.nanoTime();
            }
            if (!batch.isEmpty()) {
                sink.accept(latest(batch));
            }
        }
    }

    /**
     * Each instance's latest step, in the order of those steps; a UID that only an earlier step named is kept (the
     * database keeps a written UID when a later step has none).
     */
    static List<InstanceProgress> latest(List<InstanceProgress> steps) {
        Map<String, InstanceProgress> last = new LinkedHashMap<>();
        for (InstanceProgress p : steps) {
            InstanceProgress before = last.remove(p.sourceSopInstanceUid());
            last.put(p.sourceSopInstanceUid(), before == null ? p : new InstanceProgress(p.sourceSopInstanceUid(),
                    p.sourceSeriesInstanceUid().isEmpty() ? before.sourceSeriesInstanceUid() : p.sourceSeriesInstanceUid(),
                    p.targetSopInstanceUid().isEmpty() ? before.targetSopInstanceUid() : p.targetSopInstanceUid(),
                    p.state(), p.reason()));
        }
        return last.size() == steps.size() ? steps : new ArrayList<>(last.values());
    }

    private void rethrow() {
        if (failure != null) {
            throw failure;
        }
    }
}
