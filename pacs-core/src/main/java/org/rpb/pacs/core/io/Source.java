package org.rpb.pacs.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Buffered input for the parser: a file channel (values can then be left in the file by reference) or a stream
 * (deflated data sets, byte arrays). Positions are absolute byte offsets in the file or stream.
 */
final class Source {

    private final FileChannel channel;
    private final InputStream stream;
    private final Path path;
    private final long size;
    private final byte[] buf;
    private int p;
    private int lim;
    /** Offset in the file or stream of buf[0]. */
    private long bufStart;
    private boolean eof;
    /** Whether bulk values already in the buffer are read from it rather than referenced in the file. */
    private boolean keepBuffered;

    private Source(FileChannel channel, InputStream stream, Path path, long size, long start, byte[] buf) {
        this.channel = channel;
        this.stream = stream;
        this.path = path;
        this.size = size;
        this.buf = buf;
        this.bufStart = start;
    }

    static Source ofChannel(FileChannel ch, Path path, long start, int bufferSize) throws IOException {
        long size = ch.size();
        return new Source(ch, null, path, size, start,
                new byte[(int) Math.min(bufferSize, Math.max(256, size - start + 8))]);
    }

    /**
     * A source reading a file through {@code buffer} (lent by the caller, who may reuse it once this source is no
     * longer used: values read are copies, never views of the buffer).
     */
    static Source ofChannel(FileChannel ch, Path path, long start, byte[] buffer) throws IOException {
        return new Source(ch, null, path, ch.size(), start, buffer);
    }

    static Source ofStream(InputStream in, Path path, long start, int bufferSize) {
        return new Source(null, in, path, -1, start, new byte[bufferSize]);
    }

    /** Makes {@link #referenceable(long)} false for values whose bytes this source holds already. */
    Source keepBuffered(boolean keep) {
        this.keepBuffered = keep;
        return this;
    }

    /**
     * True if a bulk value of {@code n} bytes at the current position is to be left in the file by reference:
     * the source reads a file, and the value's bytes are not in the buffer already (when they are and this source
     * {@linkplain #keepBuffered keeps buffered values}, copying them costs less than opening the file again to
     * write them out).
     */
    boolean referenceable(long n) {
        return channel != null && !(keepBuffered && lim - p >= n);
    }

    Path path() {
        return path;
    }

    long position() {
        return bufStart + p;
    }

    /** The total size if known (files), else -1. */
    long size() {
        return size;
    }

    /** Bytes left if known, else Long.MAX_VALUE. */
    long remaining() {
        return size < 0 ? Long.MAX_VALUE : size - position();
    }

    /** True if no more bytes can be read. */
    boolean atEnd() throws IOException {
        if (p < lim) {
            return false;
        }
        if (size >= 0) {
            return position() >= size;
        }
        return !fill(1);
    }

    /** Makes at least n bytes available at buf[p..]; returns false at end of input. */
    private boolean fill(int n) throws IOException {
        if (lim - p >= n) {
            return true;
        }
        if (p > 0) {
            System.arraycopy(buf, p, buf, 0, lim - p);
            bufStart += p;
            lim -= p;
            p = 0;
        }
        while (lim < n && !eof) {
            int r;
            if (channel != null) {
                r = channel.read(ByteBuffer.wrap(buf, lim, buf.length - lim), bufStart + lim);
            } else {
                r = stream.read(buf, lim, buf.length - lim);
            }
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
        return lim - p >= n;
    }

    private void need(int n) throws IOException {
        if (lim - p < n && !fill(n)) {
            throw new EOFException();
        }
    }

    /** Copies up to {@code n} bytes from the current position without consuming them; returns how many. */
    int peekBytes(byte[] dst, int n) throws IOException {
        fill(n);
        int k = Math.min(n, lim - p);
        System.arraycopy(buf, p, dst, 0, k);
        return k;
    }

    /** Peeks at a byte {@code ahead} positions further without consuming; -1 at end. */
    int peek(int ahead) throws IOException {
        if (lim - p <= ahead && !fill(ahead + 1)) {
            return -1;
        }
        return buf[p + ahead] & 0xFF;
    }

    int u16(boolean bigEndian) throws IOException {
        need(2);
        int a = buf[p] & 0xFF;
        int b = buf[p + 1] & 0xFF;
        p += 2;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    int i32(boolean bigEndian) throws IOException {
        need(4);
        int a = buf[p] & 0xFF;
        int b = buf[p + 1] & 0xFF;
        int c = buf[p + 2] & 0xFF;
        int d = buf[p + 3] & 0xFF;
        p += 4;
        return bigEndian ? (a << 24) | (b << 16) | (c << 8) | d : (d << 24) | (c << 16) | (b << 8) | a;
    }

    /** Reads a tag: group then element, each 16 bits in the given order. */
    int tag(boolean bigEndian) throws IOException {
        need(4);
        int g = bigEndian ? ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF) : ((buf[p + 1] & 0xFF) << 8) | (buf[p] & 0xFF);
        int e = bigEndian ? ((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF)
                : ((buf[p + 3] & 0xFF) << 8) | (buf[p + 2] & 0xFF);
        p += 4;
        return (g << 16) | e;
    }

    int u8() throws IOException {
        need(1);
        return buf[p++] & 0xFF;
    }

    /** Values of unknown-size streams longer than this are allocated as their bytes arrive. */
    private static final int STREAM_CHUNK = 1 << 20;

    byte[] bytes(int n) throws IOException {
        if (size < 0 && n > STREAM_CHUNK) {
            return growing(n);
        }
        if (size >= 0 && n > remaining()) {
            throw new EOFException();
        }
        byte[] out = new byte[n];
        readFully(out, 0, n);
        return out;
    }

    /**
     * Reads n bytes of a stream whose size is unknown, growing the array as the bytes arrive: a length field
     * claiming gigabytes in a short stream then ends in EOFException, not in an allocation of that size.
     */
    private byte[] growing(int n) throws IOException {
        byte[] out = new byte[STREAM_CHUNK];
        int done = 0;
        while (done < n) {
            if (done == out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            if (p == lim && !fill(1)) {
                throw new EOFException();
            }
            int k = Math.min(out.length - done, lim - p);
            System.arraycopy(buf, p, out, done, k);
            p += k;
            done += k;
        }
        return out;
    }

    void readFully(byte[] out, int off, int n) throws IOException {
        int avail = lim - p;
        if (avail >= n) {
            System.arraycopy(buf, p, out, off, n);
            p += n;
            return;
        }
        System.arraycopy(buf, p, out, off, avail);
        p += avail;
        int done = avail;
        if (n - done >= buf.length / 2) {
            // large values: read straight into the target, bypassing the buffer
            bufStart += p;
            p = 0;
            lim = 0;
            while (done < n) {
                int r = channel != null ? channel.read(ByteBuffer.wrap(out, off + done, n - done), bufStart)
                        : stream.read(out, off + done, n - done);
                if (r < 0) {
                    throw new EOFException();
                }
                done += r;
                bufStart += r;
            }
            return;
        }
        need(n - done);
        System.arraycopy(buf, p, out, off + done, n - done);
        p += n - done;
    }

    /** Skips n bytes (for values left in the file). */
    void skip(long n) throws IOException {
        if (lim - p >= n) {
            p += (int) n;
            return;
        }
        if (channel != null) {
            long target = position() + n;
            if (target > size) {
                throw new EOFException();
            }
            bufStart = target;
            p = 0;
            lim = 0;
            return;
        }
        long left = n - (lim - p);
        p = lim;
        while (left > 0) {
            bufStart += p;
            p = 0;
            lim = 0;
            int r = stream.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException();
            }
            bufStart += r;
            left -= r;
        }
    }
}
