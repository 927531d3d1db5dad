package org.rpb.pacs.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.fuzz.DamagedFiles;

/**
 * Damaged input is refused with a {@link DicomParseException} naming file, offset and tag; non-DICOM input is
 * recognised from its first bytes.
 */
class DamagedInputTest {

    @TempDir
    Path tmp;

    private final DicomReader reader = DicomReader.create();

    private Path write(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    private DicomParseException refused(Path p) {
        DicomParseException e = assertThrows(DicomParseException.class, () -> reader.read(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().startsWith(p + ": at offset " + e.offset()), e.getMessage());
        return e;
    }

    /** Offset of the first occurrence of {@code pattern} in {@code b}. */
    private static int indexOf(byte[] b, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= b.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (b[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    @Test
    void truncatedAnywhereInsideAValueOrHeaderIsRefused() throws IOException {
        byte[] ct = Files.readAllBytes(Peers.testFile("CT_small.dcm"));
        // cut inside the pixel data, inside a header, inside the file meta information
        int[] cuts = {ct.length - 1, ct.length - 5000, 133, 140, 300, 1000, 2001};
        for (int cut : cuts) {
            Path p = write("cut" + cut + ".dcm", Arrays.copyOf(ct, cut));
            DicomParseException e = refused(p);
            assertTrue(e.offset() <= cut, "offset " + e.offset() + " within the file of " + cut + " bytes");
        }
        int px = indexOf(ct, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W'});
        DicomParseException e = refused(write("cutpx.dcm", Arrays.copyOf(ct, px + 1000)));
        assertEquals(Tag.of(0x7FE00010), e.tag());
        assertEquals(px + 12, e.offset());
        assertTrue(e.reason().contains("past the end"), e.reason());
    }

    @Test
    void truncatedInsideNestedSequencesIsRefused() throws IOException {
        // rtplan.dcm nests defined-length sequences, rtstruct.dcm undefined-length ones (both implicit VR)
        for (String name : new String[] {"rtplan.dcm", "rtstruct.dcm"}) {
            byte[] f = Files.readAllBytes(Peers.testFile(name));
            int n = 0;
            for (int cut = 900; cut < f.length; cut += 97) {
                Path p = write(name + cut, Arrays.copyOf(f, cut));
                DicomParseException e = refused(p);
                assertNotNull(e.tag(), "tag named for a cut at " + cut + ": " + e.getMessage());
                n++;
            }
            assertTrue(n > 5);
        }
    }

    @Test
    void lengthPastTheEndIsRefusedAtTheElement() throws IOException {
        byte[] ct = Files.readAllBytes(Peers.testFile("CT_small.dcm"));
        // (0010,0010) PN, explicit VR: set its 16-bit length to 0xFFF0
        int at = indexOf(ct, new byte[] {0x10, 0x00, 0x10, 0x00, 'P', 'N'});
        byte[] bad = ct.clone();
        bad[at + 6] = (byte) 0xF0;
        bad[at + 7] = (byte) 0xFF;
        // the huge value swallows the rest; somewhere a length will not fit
        DicomParseException e = refused(write("len.dcm", bad));
        assertTrue(e.offset() >= at, e.getMessage());
        // pixel data length beyond the end of the file
        int px = indexOf(ct, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W'});
        byte[] bad2 = ct.clone();
        ByteBuffer.wrap(bad2, px + 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFFFFF0);
        DicomParseException e2 = refused(write("len2.dcm", bad2));
        assertEquals(Tag.of(0x7FE00010), e2.tag());
        assertEquals(px + 12, e2.offset());
    }

    @Test
    void brokenItemDelimitationIsRefused() throws IOException {
        byte[] ct = Files.readAllBytes(Peers.testFile("CT_small.dcm"));
        // the first item tag (FFFE,E000) of a sequence becomes garbage
        int item = indexOf(ct, new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0});
        byte[] bad = ct.clone();
        bad[item + 3] = 0x11;
        DicomParseException e = refused(write("item.dcm", bad));
        assertTrue(e.reason().contains("item"), e.reason());
        assertNotNull(e.tag());
        assertEquals(item + 8, e.offset());

        // an item delimitation item where an element belongs (top level)
        byte[] plan = Files.readAllBytes(Peers.testFile("rtstruct.dcm"));
        int delim = indexOf(plan, new byte[] {(byte) 0xFE, (byte) 0xFF, 0x0D, (byte) 0xE0});
        byte[] bad2 = plan.clone();
        // turn the item's delimiter into a sequence delimiter: the item is never closed properly
        bad2[delim + 2] = (byte) 0xDD;
        DicomParseException e2 = refused(write("delim.dcm", bad2));
        assertTrue(e2.reason().contains("delimit"), e2.reason());
    }

    @Test
    void aDefinedLengthItemMustEndWhereItSays() throws IOException {
        // test-SR.dcm holds defined-length items; shorten one item's length by 2
        byte[] f = Files.readAllBytes(Peers.testFile("test-SR.dcm"));
        int item = -1;
        for (int i = 0; i + 8 <= f.length; i++) {
            if (f[i] == (byte) 0xFE && f[i + 1] == (byte) 0xFF && f[i + 2] == 0x00 && f[i + 3] == (byte) 0xE0
                    && ByteBuffer.wrap(f, i + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() > 8) {
                item = i;
                break;
            }
        }
        assertTrue(item > 0, "no defined-length item found");
        byte[] bad = f.clone();
        ByteBuffer b = ByteBuffer.wrap(bad, item + 4, 4).order(ByteOrder.LITTLE_ENDIAN);
        int len = b.getInt(item + 4);
        b.putInt(item + 4, len - 2);
        DicomParseException e = refused(write("itemlen.dcm", bad));
        assertTrue(e.reason().contains("item"), e.reason());
    }

    @Test
    void garbageAndNonDicomAreRecognisedQuickly() throws IOException {
        byte[] random = new byte[10_000];
        new Random(42).nextBytes(random);
        random[0] = 0x55; // not a plausible group
        random[1] = 0x55;
        Path garbage = write("garbage.bin", random);
        assertFalse(DicomReader.isDicom(garbage));
        DicomParseException e = refused(garbage);
        assertEquals(0, e.offset());
        assertNull(e.tag());
        assertTrue(e.reason().contains("not a DICOM file"), e.reason());

        Path text = write("readme.txt", "This is not DICOM at all, just some text.\n".repeat(10).getBytes(StandardCharsets.US_ASCII));
        assertFalse(DicomReader.isDicom(text));
        refused(text);

        Path png = write("image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        assertFalse(DicomReader.isDicom(png));
        refused(png);

        Path empty = write("empty.dcm", new byte[0]);
        assertFalse(DicomReader.isDicom(empty));
        refused(empty);

        assertTrue(DicomReader.isDicom(Peers.testFile("CT_small.dcm")));
        assertTrue(DicomReader.isDicom(Peers.testFile("ExplVR_BigEndNoMeta.dcm")));
        assertFalse(DicomReader.isDicom(tmp.resolve("does-not-exist.dcm")));
    }

    @Test
    void aHugeNonDicomFileIsRecognisedFromItsFirstBytes() throws IOException {
        // 4 GiB of zeros (sparse): the answer comes from the first bytes, not from reading the file
        Path big = tmp.resolve("zeros.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(4L << 30);
        }
        assertFalse(DicomReader.isDicom(big));
        DicomParseException e = refused(big);
        assertEquals(0, e.offset());
    }

    @Test
    void garbageAfterTheDicmPrefixIsRefused() throws IOException {
        byte[] b = new byte[4000];
        new Random(7).nextBytes(b);
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, b, 128, 4);
        Path p = write("dicm-garbage.dcm", b);
        assertTrue(DicomReader.isDicom(p), "the prefix alone makes it look like DICOM");
        DicomParseException e = refused(p);
        assertTrue(e.offset() >= 132, e.getMessage());
    }

    @Test
    void garbageInTheMiddleOfADataSetIsRefused() throws IOException {
        byte[] mr = Files.readAllBytes(Peers.testFile("MR_small.dcm"));
        byte[] bad = mr.clone();
        byte[] noise = new byte[64];
        new Random(3).nextBytes(noise);
        int at = indexOf(mr, new byte[] {0x18, 0x00, 0x50, 0x00}); // (0018,0050) header
        System.arraycopy(noise, 0, bad, at, noise.length);
        DicomParseException e = refused(write("noise.dcm", bad));
        assertTrue(e.offset() >= at, e.getMessage());
    }

    @Test
    void deflatedDataThatEndsEarlyIsRefused() throws IOException {
        byte[] dfl = Files.readAllBytes(Peers.testFile("image_dfl.dcm"));
        Path p = write("dfl.dcm", Arrays.copyOf(dfl, dfl.length - 100));
        DicomParseException e = refused(p);
        assertTrue(e.reason().contains("truncated") || e.reason().contains("past the end"), e.reason());
    }

    @Test
    void aStreamWalkStopsAtTheDamageToo() throws IOException {
        byte[] ct = Files.readAllBytes(Peers.testFile("CT_small.dcm"));
        Path p = write("cut.dcm", Arrays.copyOf(ct, ct.length - 10));
        int[] seen = {0};
        assertThrows(DicomParseException.class, () -> reader.stream(p, new DicomVisitor() {
            @Override
            public Action element(org.rpb.pacs.core.data.DataElement element, int depth, long offset) {
                seen[0]++;
                return Action.CONTINUE;
            }
        }));
        assertTrue(seen[0] > 50, "elements before the damage were delivered: " + seen[0]);
        assertThrows(DicomParseException.class, () -> reader.readHeaderSummary(write("short.dcm", Arrays.copyOf(ct, 900))));
    }

    @Test
    void aDeflateBombIsRefusedAtTheInflationLimitBeforeItsValueIsAllocated() throws IOException {
        Path bomb = write("bomb.dcm", DamagedFiles.deflateBomb(DamagedFiles.DEFLATE_BOMB_BYTES, false));
        assertTrue(Files.size(bomb) < DamagedFiles.DEFLATE_BOMB_BYTES / 500, "about 1000x: " + Files.size(bomb));
        for (DicomReader r : java.util.List.of(reader, DicomReader.builder().bulkDataThreshold(Long.MAX_VALUE).build())) {
            DicomParseException e = assertThrows(DicomParseException.class, () -> r.read(bomb));
            assertEquals(bomb, e.file());
            assertEquals(Tag.of(0x7FE00010), e.tag(), e.getMessage());
            assertTrue(e.reason().contains("more than 200 times its compressed size")
                    && e.reason().contains("deflate bomb"), e.reason());
            // stopped soon after the ratio check starts, not after inflating everything
            assertTrue(e.offset() < 2 * DicomReader.INFLATION_RATIO_FLOOR, e.getMessage());
        }
        // the same data set arriving as a stream (a network peer's deflated data set)
        byte[] file = Files.readAllBytes(bomb);
        long dataSet = org.rpb.pacs.core.net.Part10Meta.read(bomb).dataSetOffset();
        DicomParseException e = assertThrows(DicomParseException.class, () -> reader.readDataSet(
                new java.io.ByteArrayInputStream(file, (int) dataSet, file.length - (int) dataSet),
                org.rpb.pacs.core.data.TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN));
        assertTrue(e.reason().contains("deflate bomb"), e.reason());
    }

    @Test
    void aDeflateBombInAPrivateElementInsideASequenceIsRefusedWithThatTag() throws IOException {
        Path bomb = write("bomb-private.dcm", DamagedFiles.deflateBomb(DamagedFiles.DEFLATE_BOMB_BYTES, true));
        DicomParseException e = refused(bomb);
        assertEquals(Tag.of(0x00091002), e.tag(), e.getMessage());
        assertTrue(e.reason().contains("deflate bomb"), e.reason());
        assertThrows(DicomParseException.class, () -> reader.stream(bomb, new DicomVisitor() { }));
    }

    @Test
    void highlyCompressedDeflatedDataBelowTheFloorOrWithinAConfiguredRatioIsRead() throws IOException {
        // 4 MiB of blank pixels inflate 1000x but stay below the floor
        Path small = write("blank.dcm", DamagedFiles.deflateBomb(4 * 1024 * 1024, false));
        assertEquals(4 * 1024 * 1024, reader.read(small).dataSet().get(0x7FE00010).length());
        // a reader configured for such data reads a larger one
        Path larger = write("blank-16.dcm", DamagedFiles.deflateBomb(16 * 1024 * 1024, false));
        DicomReader lenient = DicomReader.builder().maxInflationRatio(5000).build();
        assertEquals(5000, lenient.maxInflationRatio());
        assertEquals(16 * 1024 * 1024, lenient.read(larger).dataSet().get(0x7FE00010).length());
        assertThrows(IllegalArgumentException.class, () -> DicomReader.builder().maxInflationRatio(0));
        // an ordinary deflated file is far below the limit
        reader.read(Peers.testFile("image_dfl.dcm"));
    }
}
