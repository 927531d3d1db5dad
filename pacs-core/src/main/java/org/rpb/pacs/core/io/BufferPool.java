package org.rpb.pacs.core.io;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A few I/O buffers of one size that a reader or writer lends to one call at a time: a batch of small files then
 * reuses the same buffers instead of allocating (and zeroing) tens of kilobytes per file. Thread-safe; at most
 * {@code kept} buffers are held between calls, so an idle reader keeps little memory.
 */
final class BufferPool {

    private final int size;
    private final ArrayBlockingQueue<byte[]> free;

    BufferPool(int size, int kept) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(kept);
    }

    /** A buffer of this pool's size, free for the caller until it is given back (its content is undefined). */
    byte[] take() {
        byte[] b = free.poll();
        return b != null ? b : new byte[size];
    }

    /** Gives back a buffer taken from this pool; it must no longer be used by the caller. */
    void give(byte[] b) {
        free.offer(b);
    }
}
