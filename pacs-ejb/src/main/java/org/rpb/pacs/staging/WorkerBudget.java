package org.rpb.pacs.staging;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One budget of staging workers shared by every series that runs at once in a server: each running series gets an
 * equal part of it (at least one worker, at most its pipeline's {@code workers}), and the parts follow the number of
 * series running: a worker leaves when its series holds more than its part, one is added when the part grows. A
 * single job gets the pipeline's full number of workers; ten jobs at once share the budget instead of each opening
 * that many store associations on the same processors. Thread-safe; one per server (not static: the server's
 * application-scoped factory holds it).
 */
public final class WorkerBudget {
    private final int total;
    private final AtomicInteger running = new AtomicInteger();

    /**
     * @param total the workers all running series have together (each has at least one)
     * @throws IllegalArgumentException if {@code total} is below 1
     */
    public WorkerBudget(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("the worker budget must be at least 1, was " + total);
        }
        this.total = total;
    }

    /** @return the workers all running series have together */
    public int total() {
        return total;
    }

    /** @return the series that hold a share now */
    public int running() {
        return running.get();
    }

    /**
     * Takes a share for a series that starts; close it when the series ends.
     *
     * @param most the most workers the series uses (its pipeline's {@code workers})
     * @return the share
     */
    Share join(int most) {
        running.incrementAndGet();
        return new Share(most);
    }

    /** A running series' part of the budget. */
    final class Share implements AutoCloseable {
        private final int most;
        private boolean closed;

        private Share(int most) {
            this.most = most;
        }

        /** @return how many workers the series should have now: its part of the budget, 1 to {@code most} */
        int workers() {
            return Math.max(1, Math.min(most, total / Math.max(1, running.get())));
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                running.decrementAndGet();
            }
        }
    }
}
