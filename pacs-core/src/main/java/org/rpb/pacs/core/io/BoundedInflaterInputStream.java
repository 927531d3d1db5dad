package org.rpb.pacs.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Inflates a deflated data set (RFC 1951, no zlib header) and stops with an {@link InflationLimitException} as soon
 * as it has inflated more than {@link DicomReader#INFLATION_RATIO_FLOOR} bytes and more than the reader's maximum
 * ratio times the compressed bytes consumed: a deflate bomb ends after a few MiB, before the parser has allocated
 * what it claims. The ratio is measured by the inflater itself (bytes in and out), not by buffered reads.
 */
final class BoundedInflaterInputStream extends InflaterInputStream {

    private final int maxRatio;

    BoundedInflaterInputStream(InputStream in, int maxRatio, int bufferSize) {
        super(in, new Inflater(true), bufferSize);
        this.maxRatio = maxRatio;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // read(), skip() and readNBytes() of InflaterInputStream all come here
        int n = super.read(b, off, len);
        long out = inf.getBytesWritten();
        if (out > DicomReader.INFLATION_RATIO_FLOOR) {
            long in = Math.max(1, inf.getBytesRead());
            if (out > maxRatio * in) {
                throw new InflationLimitException(String.format(Locale.ROOT, "the deflated data set inflates to more "
                        + "than %d times its compressed size (%,d bytes from %,d): refused as a possible deflate bomb",
                        maxRatio, out, in));
            }
        }
        return n;
    }

    /** Releases the inflater's native memory; the underlying stream is left open (its channel has its owner). */
    void end() {
        inf.end();
    }

    /** The inflation limit was passed; the parser reports it as a {@link DicomParseException} with the tag. */
    static final class InflationLimitException extends IOException {
        private static final long serialVersionUID = 1L;

        InflationLimitException(String message) {
            super(message);
        }
    }
}
