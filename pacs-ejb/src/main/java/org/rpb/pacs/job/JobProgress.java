package org.rpb.pacs.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A job's listener for per-instance steps, safe to call from several threads at once (a pipeline's workers): it
 * buffers the steps and writes them in one transaction per batch, when {@value #ROWS} steps are waiting or a
 * second has passed since the last write, and on {@link #flush()} (at the end of each series or batch). Batches
 * are written one after the other in the order they were taken, so an instance's later state is never overwritten
 * by an earlier one.
 */
public final class JobProgress implements Consumer<InstanceProgress> {
    /** Steps per write at most. */
    public static final int ROWS = 50;
    private static final long NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Consumer<List<InstanceProgress>> sink;
    private final Object writing = new Object();
    private List<InstanceProgress> buffer = new ArrayList<>();
    private long lastWrite = System.nanoTime();

    /**
     * @param sink writes one batch (e.g. {@link JobService#record} for the job, as a contextual proxy so that it
     *        runs as the job's user on any thread)
     */
    public JobProgress(Consumer<List<InstanceProgress>> sink) {
        this.sink = sink;
    }

    @Override
    public void accept(InstanceProgress p) {
        boolean due;
        synchronized (this) {
            buffer.add(p);
            due = buffer.size() >= ROWS || System.nanoTime() - lastWrite >= NANOS;
        }
        if (due) {
            flush();
        }
    }

    /** Writes what is waiting. */
    public void flush() {
        synchronized (writing) {
            List<InstanceProgress> batch;
            synchronized (this) {
                batch = buffer;
                buffer = new ArrayList<>();
                lastWrite = System.nanoTime();
            }
            if (!batch.isEmpty()) {
                sink.accept(batch);
            }
        }
    }
}
