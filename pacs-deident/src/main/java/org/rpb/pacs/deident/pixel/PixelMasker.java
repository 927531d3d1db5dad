package org.rpb.pacs.deident.pixel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Blanks rectangles of native (uncompressed) pixel data, reading and writing one row at a time so that memory
 * does not grow with the image. Stateless.
 */
public final class PixelMasker {

    private PixelMasker() {
    }

    /** Geometry of native pixel data. */
    public record Geometry(int rows, int columns, int samplesPerPixel, int bitsAllocated, int planarConfiguration,
            int frames) {

        /** @return bytes of one frame */
        public long frameBytes() {
            return (long) rows * columns * samplesPerPixel * (bitsAllocated / 8);
        }
    }

    /**
     * Copies {@code in} to {@code out} with the rectangles set to zero in every frame.
     *
     * @param in the pixel data
     * @param length its length in bytes
     * @param g the geometry (bits allocated 8, 16 or 32)
     * @param regions the rectangles (clipped to the image)
     * @param out where the masked pixel data goes (created)
     * @throws IOException when reading or writing fails, or the data is shorter than the geometry says
     */
    public static void mask(InputStream in, long length, Geometry g, List<MaskRegion> regions, Path out)
            throws IOException {
        int bps = g.bitsAllocated() / 8;
        if (bps < 1 || g.bitsAllocated() % 8 != 0) {
            throw new IOException("cannot mask pixel data with " + g.bitsAllocated() + " bits allocated");
        }
        if (g.frameBytes() * g.frames() > length) {
            throw new IOException("pixel data shorter than rows x columns x samples x frames");
        }
        boolean planar = g.planarConfiguration() == 1 && g.samplesPerPixel() > 1;
        int pixelBytes = planar ? bps : bps * g.samplesPerPixel();
        int rowBytes = g.columns() * pixelBytes;
        int planes = planar ? g.samplesPerPixel() : 1;
        byte[] row = new byte[rowBytes];
        try (OutputStream os = Files.newOutputStream(out)) {
            for (int f = 0; f < g.frames(); f++) {
                for (int p = 0; p < planes; p++) {
                    for (int r = 0; r < g.rows(); r++) {
                        readFully(in, row);
                        for (MaskRegion m : regions) {
                            if (r >= m.y() && r < m.y() + m.height() && m.x() < g.columns()) {
                                int x1 = Math.min(g.columns(), m.x() + m.width());
                                Arrays.fill(row, m.x() * pixelBytes, x1 * pixelBytes, (byte) 0);
                            }
                        }
                        os.write(row);
                    }
                }
            }
            in.transferTo(os); // trailing padding byte, if any
        }
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                throw new IOException("pixel data ends early");
            }
            off += n;
        }
    }
}
