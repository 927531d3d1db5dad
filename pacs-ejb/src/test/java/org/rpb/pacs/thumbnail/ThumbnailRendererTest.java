package org.rpb.pacs.thumbnail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.fuzz.DamagedFiles;
import org.rpb.pacs.core.io.DicomParseException;
import org.rpb.pacs.upload.RtStudy;

@Tag("external")
class ThumbnailRendererTest {

    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    private final ThumbnailRenderer renderer = ThumbnailRenderer.ofSize(64);

    @Test
    void uncompressedMonochromeIsRenderedWithItsWindowAndScaledDown() throws IOException {
        // CT_small: 128x128 signed 16 bit; MR_small_bigendian: the same MR as MR_small in big endian
        Thumbnail ct = renderer.render(PYDICOM.resolve("CT_small.dcm"));
        assertEquals(Thumbnail.Kind.IMAGE, ct.kind());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(ct.png()));
        assertEquals(64, img.getWidth());
        assertEquals(64, img.getHeight());
        assertTrue(distinctGrays(img) > 20, "an image, not a flat picture: " + distinctGrays(img));

        BufferedImage little = ImageIO.read(new ByteArrayInputStream(
                renderer.render(PYDICOM.resolve("MR_small.dcm")).png()));
        BufferedImage big = ImageIO.read(new ByteArrayInputStream(
                renderer.render(PYDICOM.resolve("MR_small_bigendian.dcm")).png()));
        BufferedImage implicit = ImageIO.read(new ByteArrayInputStream(
                renderer.render(PYDICOM.resolve("MR_small_implicit.dcm")).png()));
        assertTrue(distinctGrays(little) > 20);
        assertEquals(pixels(little), pixels(big), "byte order is honoured");
        assertEquals(pixels(little), pixels(implicit));
    }

    @Test
    void generatedCtSliceHasGreysBetweenBlackAndWhite(@TempDir Path dir) throws Exception {
        RtStudy.write(dir, "TH-1", "Thumb^Tina", 3);
        Thumbnail t = ThumbnailRenderer.ofSize(128).render(dir.resolve("CT002.dcm"));
        assertEquals(Thumbnail.Kind.IMAGE, t.kind());
        assertTrue(distinctGrays(ImageIO.read(new ByteArrayInputStream(t.png()))) > 2);

        Thumbnail rs = renderer.render(dir.resolve("RTSTRUCT.dcm"));
        assertEquals(Thumbnail.Kind.RT, rs.kind());
        assertNull(rs.png());
        assertTrue(rs.references() >= 3, "the structure set references the CT slices: " + rs.references());
    }

    @Test
    void compressedDataGivesAPlaceholderNamingTheTransferSyntax() throws IOException {
        Thumbnail j2k = renderer.render(PYDICOM.resolve("MR_small_jp2klossless.dcm"));
        assertEquals(Thumbnail.Kind.PLACEHOLDER, j2k.kind());
        assertTrue(j2k.note().contains("JPEG 2000"), j2k.note());
        assertEquals(64, ImageIO.read(new ByteArrayInputStream(j2k.png())).getWidth());
        Thumbnail rle = renderer.render(PYDICOM.resolve("MR_small_RLE.dcm"));
        assertTrue(rle.note().contains("RLE"), rle.note());
        Thumbnail rgb = renderer.render(PYDICOM.resolve("SC_rgb_small_odd.dcm"));
        assertEquals(Thumbnail.Kind.PLACEHOLDER, rgb.kind());
        assertTrue(rgb.note().contains("RGB"), rgb.note());
    }

    @Test
    void rtObjectsGiveLabelsAndReferences() throws IOException {
        Thumbnail rs = renderer.render(PYDICOM.resolve("rtstruct.dcm"));
        assertEquals(Thumbnail.Kind.RT, rs.kind());
        assertEquals(List.of("patient", "Isocenter 1", "Isocenter 2"), rs.labels());
        Thumbnail plan = renderer.render(PYDICOM.resolve("rtplan.dcm"));
        assertEquals(Thumbnail.Kind.RT, plan.kind());
        assertTrue(plan.note().startsWith("RTPLAN"), plan.note());
        assertTrue(plan.labels().size() >= 1, "beam names: " + plan.labels());
        Thumbnail dose = renderer.render(PYDICOM.resolve("rtdose.dcm"));
        assertEquals(List.of("PHYSICAL", "BEAM", "RELATIVE"), dose.labels());
    }

    @Test
    void damagedFileIsRefusedWithTheCodecsReason() {
        DicomParseException e = assertThrows(DicomParseException.class,
                () -> renderer.render(PYDICOM.resolve("MR_truncated.dcm")));
        assertTrue(e.getMessage().contains("MR_truncated.dcm"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThumbnailRenderer.ofSize(8));
    }

    @Test
    void hugeImageHeadersGiveAPlaceholderWithoutAllocatingTheFrame(@TempDir Path dir) throws IOException {
        // 60000 x 60000: 3.6 billion pixels, more than an int holds; 4 kB of pixel data behind the header
        Path huge = java.nio.file.Files.write(dir.resolve("huge.dcm"), DamagedFiles.hugeImage(60000, 60000, 16, 4096));
        Thumbnail t = renderer.render(huge);
        assertEquals(Thumbnail.Kind.PLACEHOLDER, t.kind());
        assertTrue(t.note().contains("60000 x 60000"), t.note());
        Path withPixels = java.nio.file.Files.write(dir.resolve("huge-px.dcm"), DamagedFiles.hugeImage(8000, 8000, 16, 4096));
        IOException e = assertThrows(IOException.class, () -> renderer.render(withPixels));
        assertTrue(e.getMessage().contains("one frame needs 128000000"), e.getMessage());
    }

    @Test
    void aLargeFrameIsSubsampledWhileReadingWithMemoryBoundedByTheThumbnail(@TempDir Path dir) throws IOException {
        // 3000 x 3000 x 16 bit: 18 MB of pixels; the frame and a double per pixel would be 90 MB
        Path big = java.nio.file.Files.write(dir.resolve("big.dcm"), DamagedFiles.hugeImage(3000, 3000, 16, 3000 * 3000 * 2));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        Thumbnail t = renderer.render(big);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(Thumbnail.Kind.IMAGE, t.kind());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(t.png()));
        assertEquals(64, img.getWidth());
        assertTrue(distinctGrays(img) > 20, "the sampled pixels, not a flat picture: " + distinctGrays(img));
        assertTrue(allocated < 4_000_000, "allocated " + allocated + " bytes for an 18 MB frame");
    }

    private static int distinctGrays(BufferedImage img) {
        java.util.Set<Integer> values = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                values.add(img.getRGB(x, y) & 0xFF);
            }
        }
        return values.size();
    }

    private static List<Integer> pixels(BufferedImage img) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                out.add(img.getRGB(x, y));
            }
        }
        return out;
    }
}
