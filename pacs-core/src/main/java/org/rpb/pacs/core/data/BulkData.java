package org.rpb.pacs.core.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A value that is not held in memory: a region of a file (where the reader found it), or, for values that had to
 * be materialised (from a deflated stream, or created by a program), a byte array. Immutable. The bytes are in the
 * byte order of the transfer syntax they were read with.
 */
public final class BulkData {

    private final Path file;
    private final long offset;
    private final long length;
    private final byte[] bytes;

    private BulkData(Path file, long offset, long length, byte[] bytes) {
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.bytes = bytes;
    }

    /** A reference to {@code length} bytes of {@code file} starting at {@code offset}. */
    public static BulkData ofFile(Path file, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        return new BulkData(Objects.requireNonNull(file), offset, length, null);
    }

    /** A value held in memory; the array is not copied and must not be changed afterwards. */
    public static BulkData ofBytes(byte[] bytes) {
        return new BulkData(null, 0, bytes.length, bytes);
    }

    /** The value length in bytes. */
    public long length() {
        return length;
    }

    /** True if the value is held in memory rather than in a file. */
    public boolean isInMemory() {
        return bytes != null;
    }

    /** The file holding the value, or {@code null} if in memory. */
    public Path file() {
        return file;
    }

    /** The byte offset of the value in {@link #file()}, 0 if in memory. */
    public long offset() {
        return offset;
    }

    /**
     * Reads the whole value into memory.
     *
     * @throws IOException if the file cannot be read or the value is longer than an array can hold
     */
    public byte[] readAllBytes() throws IOException {
        if (bytes != null) {
            return bytes.clone();
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException("bulk value of " + length + " bytes is too large for memory");
        }
        byte[] b = new byte[(int) length];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException("file " + file + " ends before bulk value at offset " + offset + " does");
                }
                pos += n;
            }
        }
        return b;
    }

    /** Opens a stream over the value. */
    public InputStream openStream() throws IOException {
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(offset);
        InputStream in = Channels.newInputStream(ch);
        return new InputStream() {
            long remaining = length;

            @Override
            public int read() throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int c = in.read();
                if (c >= 0) {
                    remaining--;
                }
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n > 0) {
                    remaining -= n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    /**
     * Writes the value to {@code out}, with {@code FileChannel.transferTo} when it is in a file.
     *
     * @param source an open channel on {@link #file()} to reuse, or {@code null} to open one
     */
    public void transferTo(WritableByteChannel out, FileChannel source) throws IOException {
        if (bytes != null) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                out.write(b);
            }
            return;
        }
        if (source == null) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                copy(ch, out);
            }
        } else {
            copy(source, out);
        }
    }

    private void copy(FileChannel ch, WritableByteChannel out) throws IOException {
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            long n = ch.transferTo(pos, end - pos, out);
            if (n <= 0) {
                if (pos >= ch.size()) {
                    throw new IOException("file " + file + " ends before bulk value at offset " + offset + " does");
                }
                continue;
            }
            pos += n;
        }
    }

    @Override
    public String toString() {
        return bytes != null ? "BulkData[" + length + " bytes in memory]"
                : "BulkData[" + file + " @" + offset + ", " + length + " bytes]";
    }
}
