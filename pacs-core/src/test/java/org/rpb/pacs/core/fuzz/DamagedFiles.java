package org.rpb.pacs.core.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomVisitor;

/**
 * A seeded generator of damaged DICOM files for the fuzz tests of every module that reads DICOM: truncations,
 * flipped bytes, extreme and 4 GiB length fields, deep nesting, huge image headers, damaged private creators and
 * garbage, made from pydicom's test files (python3-pydicom). The same seed gives the same files, so a failure names
 * a file that can be made again ({@link Sample#label()} says how it was made).
 */
public final class DamagedFiles {

    /** Where python3-pydicom keeps its test files. */
    public static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    /** The undamaged sources: explicit and implicit VR, big endian, deflated, encapsulated, RT, private elements. */
    public static final List<String> SOURCES = List.of("CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm",
            "MR_small_bigendian.dcm", "rtplan.dcm", "rtdose.dcm", "rtstruct.dcm", "image_dfl.dcm", "JPEG2000.dcm",
            "UN_sequence.dcm", "nested_priv_SQ.dcm", "ExplVR_LitEndNoMeta.dcm", "test-SR.dcm");

    private static final int ROWS = 0x00280010;
    private static final int COLUMNS = 0x00280011;

    /**
     * One damaged file.
     *
     * @param file  where it was written
     * @param label how it was made (source, damage, where), for messages
     */
    public record Sample(Path file, String label) {
    }

    /** An element, sequence or item header found in a source file. */
    private record Header(long offset, int tag, VR vr, boolean item) {
    }

    private DamagedFiles() {
    }

    /**
     * Writes {@code count} damaged files into {@code dir}, each made from one of {@link #SOURCES} by one damage
     * drawn with {@code seed}.
     *
     * @return the files with their labels
     */
    public static List<Sample> generate(Path dir, long seed, int count) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(seed);
        List<byte[]> sources = new ArrayList<>();
        List<List<Header>> headers = new ArrayList<>();
        List<Boolean> explicit = new ArrayList<>();
        for (String s : SOURCES) {
            Path p = PYDICOM.resolve(s);
            sources.add(Files.readAllBytes(p));
            boolean[] ex = {true};
            headers.add(headers(p, ex));
            explicit.add(ex[0]);
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int si = rnd.nextInt(sources.size());
            byte[] src = sources.get(si);
            List<Header> hs = headers.get(si);
            String name = SOURCES.get(si);
            byte[] damaged;
            String how;
            switch (i % 8) {
                case 0 -> {
                    int cut = 1 + rnd.nextInt(src.length - 1);
                    damaged = Arrays.copyOf(src, cut);
                    how = "truncated at " + cut;
                }
                case 1 -> {
                    damaged = src.clone();
                    int n = 1 + rnd.nextInt(8);
                    StringBuilder at = new StringBuilder();
                    for (int k = 0; k < n; k++) {
                        int pos = rnd.nextInt(damaged.length);
                        damaged[pos] ^= (byte) (1 + rnd.nextInt(255));
                        at.append(k == 0 ? "" : ",").append(pos);
                    }
                    how = n + " bytes flipped at " + at;
                }
                case 2, 3 -> {
                    // a length field set to an extreme value, half of the time 0xFFFFFFFF (4 GiB - 1 / undefined)
                    Header h = hs.get(rnd.nextInt(hs.size()));
                    long[] extremes = {0xFFFFFFFFL, 0xFFFFFFFEL, 0x80000000L, 0x7FFFFFFFL, 0x7FFFFFF0L, 0xFFFFL,
                            0xFFFEL, 0x10000L + rnd.nextInt(1 << 20), 1 + rnd.nextInt(7)};
                    long len = i % 8 == 2 ? 0xFFFFFFFFL : extremes[rnd.nextInt(extremes.length)];
                    damaged = src.clone();
                    boolean big = name.contains("bigendian");
                    setLength(damaged, h, explicit.get(si), big, len);
                    how = "length of " + Tag.toString(h.tag) + " at " + h.offset + " set to 0x" + Long.toHexString(len);
                }
                case 4 -> {
                    int depth = 65 + rnd.nextInt(3000);
                    boolean implicit = rnd.nextBoolean();
                    damaged = nested(depth, implicit, rnd.nextBoolean());
                    name = "generated";
                    how = depth + " nested sequences, " + (implicit ? "implicit" : "explicit") + " VR";
                }
                case 5 -> {
                    int[] sizes = {60000, 65535, 40000, 32768, 20000};
                    int rows = sizes[rnd.nextInt(sizes.length)];
                    int cols = sizes[rnd.nextInt(sizes.length)];
                    damaged = hugeImage(rows, cols, rnd.nextBoolean() ? 16 : 8, rnd.nextInt(3) * 4096);
                    name = "generated";
                    how = "image header " + rows + " x " + cols;
                }
                case 6 -> {
                    // a chunk of the file repeated or dropped: headers out of step with their values
                    damaged = splice(src, rnd);
                    how = "spliced";
                }
                default -> {
                    damaged = src.clone();
                    int pos = 132 + rnd.nextInt(Math.max(1, damaged.length - 132));
                    int n = Math.min(damaged.length - pos, 1 + rnd.nextInt(64));
                    byte[] garbage = new byte[n];
                    rnd.nextBytes(garbage);
                    System.arraycopy(garbage, 0, damaged, pos, n);
                    how = n + " bytes of garbage at " + pos;
                }
            }
            Path f = dir.resolve(String.format("fuzz-%04d.dcm", i));
            Files.write(f, damaged);
            out.add(new Sample(f, name + ": " + how));
        }
        return out;
    }

    /**
     * The hand-made attacks of issue 15: 5,000 nested undefined-length sequences (explicit and implicit VR), a
     * 60000 x 60000 image header (with and without pixel data behind it), a damaged private creator, 4 GiB
     * element lengths (value and item), a bare data set claiming a 4 GiB value, and deflate bombs: Deflated Explicit
     * VR Little Endian files whose data set inflates about 1000 times (64 MiB of pixels from about 64 KiB), whole,
     * cut in the middle of the deflated stream, and with the pixels in a private element inside a sequence.
     */
    public static List<Sample> attacks(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Sample> out = new ArrayList<>();
        out.add(write(dir, "nested-5000-explicit.dcm", nested(5000, false, false), "5000 nested sequences, explicit VR"));
        out.add(write(dir, "nested-5000-implicit.dcm", nested(5000, true, false), "5000 nested sequences, implicit VR"));
        out.add(write(dir, "nested-5000-defined.dcm", nested(5000, false, true), "5000 nested sequences, defined lengths"));
        out.add(write(dir, "huge-60000.dcm", hugeImage(60000, 60000, 16, 0), "60000 x 60000 header, no pixels"));
        out.add(write(dir, "huge-60000-pixels.dcm", hugeImage(60000, 60000, 8, 1 << 20),
                "60000 x 60000 header, 1 MiB of pixels"));
        out.add(write(dir, "huge-65535.dcm", hugeImage(65535, 65535, 16, 8192), "65535 x 65535 header"));
        byte[] ct = Files.readAllBytes(PYDICOM.resolve("CT_small.dcm"));
        out.add(write(dir, "creator-as-ob.dcm", privateCreatorVr(ct, "OB"), "private creator with VR OB"));
        out.add(write(dir, "creator-as-sq.dcm", privateCreatorVr(ct, "SQ"), "private creator with VR SQ"));
        out.add(write(dir, "creator-flipped.dcm", privateCreatorFlipped(ct), "private creator value bytes flipped"));
        out.add(write(dir, "length-4gib-value.dcm", fourGib(false), "value length 0xFFFFFFFE"));
        out.add(write(dir, "length-4gib-item.dcm", fourGib(true), "item length 0xFFFFFFFE"));
        byte[] bomb = deflateBomb(DEFLATE_BOMB_BYTES, false);
        out.add(write(dir, "deflate-bomb.dcm", bomb, "deflated data set inflating 1000x (64 MiB of pixels)"));
        out.add(write(dir, "deflate-bomb-truncated.dcm", Arrays.copyOf(bomb, bomb.length / 2),
                "deflated data set inflating 1000x, cut in the middle"));
        out.add(write(dir, "deflate-bomb-private.dcm", deflateBomb(DEFLATE_BOMB_BYTES, true),
                "deflated data set inflating 1000x in a private element inside a sequence"));
        return out;
    }

    /** What the deflate bombs of {@link #attacks} inflate to: 64 MiB, more than the tools' 64 MB heap. */
    public static final int DEFLATE_BOMB_BYTES = 64 * 1024 * 1024;

    /**
     * A Deflated Explicit VR Little Endian image whose data set inflates to more than {@code valueBytes} bytes of
     * zeros from about a thousandth of that: as pixel data of a {@code 8192 x (valueBytes / 8192)} 8-bit image, or
     * as a private OB element inside a private sequence item.
     */
    public static byte[] deflateBomb(int valueBytes, boolean privateElement) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        put(head, elementHeader(0x00080016, "UI", 26, false));
        head.writeBytes("1.2.840.10008.5.1.4.1.1.7\0".getBytes(StandardCharsets.US_ASCII));
        put(head, elementHeader(0x00080018, "UI", 10, false));
        head.writeBytes("1.2.3.4.10".getBytes(StandardCharsets.US_ASCII));
        put(head, elementHeader(0x00080060, "CS", 2, false));
        head.writeBytes("OT".getBytes(StandardCharsets.US_ASCII));
        put(head, elementHeader(0x00100010, "PN", 10, false));
        head.writeBytes("Bomb^Bert ".getBytes(StandardCharsets.US_ASCII));
        put(head, elementHeader(0x00100020, "LO", 8, false));
        head.writeBytes("BOMB-01 ".getBytes(StandardCharsets.US_ASCII));
        put(head, elementHeader(0x0020000D, "UI", 10, false));
        head.writeBytes("1.2.3.4.11".getBytes(StandardCharsets.US_ASCII));
        put(head, elementHeader(0x0020000E, "UI", 10, false));
        head.writeBytes("1.2.3.4.12".getBytes(StandardCharsets.US_ASCII));
        int[][] image = {{0x00280002, 1}, {ROWS, valueBytes / 8192}, {COLUMNS, 8192}, {0x00280100, 8},
                {0x00280101, 8}, {0x00280103, 0}};
        for (int[] e : image) {
            if (e[0] == ROWS) {
                put(head, elementHeader(0x00280004, "CS", 12, false));
                head.writeBytes("MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
            }
            put(head, elementHeader(e[0], "US", 2, false));
            put(head, le16(e[1]));
        }
        if (privateElement) {
            put(head, elementHeader(0x00090010, "LO", 4, false));
            head.writeBytes("BOMB".getBytes(StandardCharsets.US_ASCII));
            put(head, elementHeader(0x00091001, "SQ", 0xFFFFFFFFL, false));
            put(head, tagBytes(0xFFFEE000));
            put(head, le32(0xFFFFFFFFL));
            put(head, elementHeader(0x00091002, "OB", valueBytes, false));
        } else {
            put(head, elementHeader(0x7FE00010, "OB", valueBytes, false));
        }
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION, true);
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(deflated, deflater, 64 * 1024)) {
            out.write(head.toByteArray());
            byte[] zeros = new byte[64 * 1024];
            for (int done = 0; done < valueBytes; done += zeros.length) {
                out.write(zeros, 0, Math.min(zeros.length, valueBytes - done));
            }
            if (privateElement) {
                out.write(tagBytes(0xFFFEE00D));
                out.write(le32(0));
                out.write(tagBytes(0xFFFEE0DD));
                out.write(le32(0));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return part10(deflated.toByteArray(), "1.2.840.10008.5.1.4.1.1.7", "1.2.3.4.10", "1.2.840.10008.1.2.1.99");
    }

    private static Sample write(Path dir, String name, byte[] content, String label) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return new Sample(f, name + ": " + label);
    }

    /** The offsets of element, sequence and item headers of a source file, found with the codec. */
    private static List<Header> headers(Path file, boolean[] explicit) throws IOException {
        List<Header> out = new ArrayList<>();
        DicomReader.builder().bulkDataThreshold(0).build().stream(file, new DicomVisitor() {
            @Override
            public Action fileMeta(DataSet fileMeta, TransferSyntax ts) {
                explicit[0] = ts.explicitVr();
                return Action.CONTINUE;
            }

            @Override
            public Action element(DataElement e, int depth, long offset) {
                out.add(new Header(offset, e.tag().value(), e.vr(), false));
                return Action.CONTINUE;
            }

            @Override
            public Action startSequence(Tag tag, VR vr, long length, boolean implicitItems, int depth, long offset) {
                out.add(new Header(offset, tag.value(), vr, false));
                return Action.CONTINUE;
            }

            @Override
            public Action startItem(int depth, long length, long offset) {
                out.add(new Header(offset, 0xFFFEE000, null, true));
                return Action.CONTINUE;
            }
        });
        // deflated files report offsets in the inflated stream: only those before the data set are real
        return out.isEmpty() ? List.of(new Header(132, 0x00020000, VR.UL, false)) : out;
    }

    private static void setLength(byte[] b, Header h, boolean explicit, boolean bigEndian, long len) {
        int at;
        int size;
        if (h.item || !explicit) {
            at = (int) h.offset + 4;
            size = 4;
        } else if (h.vr.hasLongHeader()) {
            at = (int) h.offset + 8;
            size = 4;
        } else {
            at = (int) h.offset + 6;
            size = 2;
        }
        if (at + size > b.length) {
            return;
        }
        for (int k = 0; k < size; k++) {
            int shift = 8 * (bigEndian ? size - 1 - k : k);
            b[at + k] = (byte) (len >>> shift);
        }
    }

    /** A Part 10 file whose data set is {@code depth} sequences, each in the only item of the one before. */
    public static byte[] nested(int depth, boolean implicit, boolean definedLengths) {
        ByteArrayOutputStream ds = new ByteArrayOutputStream();
        put(ds, elementHeader(0x00080016, "UI", 26, implicit));
        ds.writeBytes("1.2.840.10008.5.1.4.1.1.7\0".getBytes(StandardCharsets.US_ASCII));
        put(ds, elementHeader(0x00080018, "UI", 10, implicit));
        ds.writeBytes("1.2.3.4.5\0".getBytes(StandardCharsets.US_ASCII));
        byte[] inner = new byte[0];
        if (definedLengths) {
            // built from the inside out: each sequence's length covers everything inside it
            for (int i = 0; i < depth; i++) {
                ByteArrayOutputStream item = new ByteArrayOutputStream();
                put(item, tagBytes(0xFFFEE000));
                put(item, le32(inner.length));
                item.writeBytes(inner);
                byte[] itemBytes = item.toByteArray();
                ByteArrayOutputStream seq = new ByteArrayOutputStream();
                put(seq, elementHeader(0x00400275, "SQ", itemBytes.length, implicit));
                seq.writeBytes(itemBytes);
                inner = seq.toByteArray();
            }
            ds.writeBytes(inner);
        } else {
            for (int i = 0; i < depth; i++) {
                put(ds, elementHeader(0x00400275, "SQ", 0xFFFFFFFFL, implicit));
                put(ds, tagBytes(0xFFFEE000));
                put(ds, le32(0xFFFFFFFFL));
            }
            for (int i = 0; i < depth; i++) {
                put(ds, tagBytes(0xFFFEE00D));
                put(ds, le32(0));
                put(ds, tagBytes(0xFFFEE0DD));
                put(ds, le32(0));
            }
        }
        return part10(ds.toByteArray(), "1.2.840.10008.5.1.4.1.1.7", "1.2.3.4.5",
                implicit ? "1.2.840.10008.1.2" : "1.2.840.10008.1.2.1");
    }

    /**
     * An explicit VR CT image claiming {@code rows x columns} pixels, with {@code pixelBytes} bytes of pixel data
     * (a header that lies about the size of its image).
     */
    public static byte[] hugeImage(int rows, int columns, int bitsAllocated, int pixelBytes) {
        ByteArrayOutputStream ds = new ByteArrayOutputStream();
        put(ds, elementHeader(0x00080016, "UI", 26, false));
        ds.writeBytes("1.2.840.10008.5.1.4.1.1.2\0".getBytes(StandardCharsets.US_ASCII));
        put(ds, elementHeader(0x00080018, "UI", 10, false));
        ds.writeBytes("1.2.3.4.6\0".getBytes(StandardCharsets.US_ASCII));
        put(ds, elementHeader(0x00080060, "CS", 2, false));
        ds.writeBytes("CT".getBytes(StandardCharsets.US_ASCII));
        put(ds, elementHeader(0x00100010, "PN", 10, false));
        ds.writeBytes("Huge^Hugo ".getBytes(StandardCharsets.US_ASCII));
        put(ds, elementHeader(0x00100020, "LO", 8, false));
        ds.writeBytes("HUGE-01 ".getBytes(StandardCharsets.US_ASCII));
        put(ds, elementHeader(0x0020000D, "UI", 10, false));
        ds.writeBytes("1.2.3.4.7\0".getBytes(StandardCharsets.US_ASCII));
        put(ds, elementHeader(0x0020000E, "UI", 10, false));
        ds.writeBytes("1.2.3.4.8\0".getBytes(StandardCharsets.US_ASCII));
        put(ds, elementHeader(0x00280002, "US", 2, false));
        put(ds, le16(1));
        put(ds, elementHeader(0x00280004, "CS", 12, false));
        ds.writeBytes("MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
        put(ds, elementHeader(ROWS, "US", 2, false));
        put(ds, le16(rows));
        put(ds, elementHeader(COLUMNS, "US", 2, false));
        put(ds, le16(columns));
        put(ds, elementHeader(0x00280100, "US", 2, false));
        put(ds, le16(bitsAllocated));
        put(ds, elementHeader(0x00280101, "US", 2, false));
        put(ds, le16(bitsAllocated));
        put(ds, elementHeader(0x00280103, "US", 2, false));
        put(ds, le16(0));
        if (pixelBytes > 0) {
            put(ds, elementHeader(0x7FE00010, bitsAllocated == 8 ? "OB" : "OW", pixelBytes, false));
            byte[] px = new byte[pixelBytes];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (i * 7);
            }
            ds.writeBytes(px);
        }
        return part10(ds.toByteArray(), "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.6", "1.2.840.10008.1.2.1");
    }

    /** A bare data set with a value (or an item) claiming 0xFFFFFFFE bytes. */
    private static byte[] fourGib(boolean item) {
        ByteArrayOutputStream ds = new ByteArrayOutputStream();
        put(ds, elementHeader(0x00080016, "UI", 26, false));
        ds.writeBytes("1.2.840.10008.5.1.4.1.1.2\0".getBytes(StandardCharsets.US_ASCII));
        if (item) {
            put(ds, elementHeader(0x00081140, "SQ", 0xFFFFFFFFL, false));
            put(ds, tagBytes(0xFFFEE000));
            put(ds, le32(0xFFFFFFFEL));
        } else {
            put(ds, elementHeader(0x7FE00010, "OB", 0xFFFFFFFEL, false));
        }
        ds.writeBytes(new byte[64]);
        return part10(ds.toByteArray(), "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.9", "1.2.840.10008.1.2.1");
    }

    private static byte[] privateCreatorVr(byte[] ct, String vr) {
        byte[] b = ct.clone();
        int at = privateCreator(b);
        b[at + 4] = (byte) vr.charAt(0);
        b[at + 5] = (byte) vr.charAt(1);
        return b;
    }

    private static byte[] privateCreatorFlipped(byte[] ct) {
        byte[] b = ct.clone();
        int at = privateCreator(b);
        int len = (b[at + 6] & 0xFF) | (b[at + 7] & 0xFF) << 8;
        for (int k = 0; k < len; k++) {
            b[at + 8 + k] ^= (byte) 0xA5;
        }
        return b;
    }

    /** The offset of the first private creator element (gggg,00xx) with an odd group in an explicit VR file. */
    private static int privateCreator(byte[] b) {
        for (int i = 132; i + 8 < b.length; i++) {
            int group = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
            int element = (b[i + 2] & 0xFF) | (b[i + 3] & 0xFF) << 8;
            if ((group & 1) == 1 && group > 8 && element >= 0x10 && element <= 0xFF && b[i + 4] == 'L'
                    && b[i + 5] == 'O') {
                return i;
            }
        }
        throw new IllegalStateException("no private creator in the source file");
    }

    /** Wraps a data set into a preamble and file meta information of the given transfer syntax. */
    private static byte[] part10(byte[] dataSet, String sopClass, String sopInstance, String transferSyntax) {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        int[] tags = {0x00020002, 0x00020003, 0x00020010};
        String[] uids = {sopClass, sopInstance, transferSyntax};
        for (int i = 0; i < tags.length; i++) {
            byte[] v = (uids[i].length() % 2 == 0 ? uids[i] : uids[i] + "\0").getBytes(StandardCharsets.US_ASCII);
            put(meta, elementHeader(tags[i], "UI", v.length, false));
            meta.writeBytes(v);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        put(out, elementHeader(0x00020000, "UL", 4, false));
        put(out, le32(meta.size()));
        out.writeBytes(meta.toByteArray());
        out.writeBytes(dataSet);
        return out.toByteArray();
    }

    private static byte[] splice(byte[] src, Random rnd) {
        int a = 132 + rnd.nextInt(Math.max(1, src.length - 132));
        int n = 1 + rnd.nextInt(Math.min(256, Math.max(1, src.length - a)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(src, 0, a);
        if (rnd.nextBoolean()) {
            out.write(src, a, Math.min(n, src.length - a));
            out.write(src, a, src.length - a);
        } else {
            out.write(src, Math.min(src.length, a + n), src.length - Math.min(src.length, a + n));
        }
        return out.toByteArray();
    }

    private static byte[] elementHeader(int tag, String vr, long length, boolean implicit) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag);
        if (implicit) {
            b.putInt((int) length);
            return Arrays.copyOf(b.array(), 8);
        }
        b.put((byte) vr.charAt(0)).put((byte) vr.charAt(1));
        if (VR.valueOf(vr).hasLongHeader()) {
            b.putShort((short) 0).putInt((int) length);
            return b.array();
        }
        b.putShort((short) length);
        return Arrays.copyOf(b.array(), 8);
    }

    private static byte[] tagBytes(int tag) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) (tag >>> 16))
                .putShort((short) tag).array();
    }

    private static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    private static byte[] le16(int v) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
    }

    private static void put(ByteArrayOutputStream out, byte[] b) {
        out.writeBytes(b);
    }
}
