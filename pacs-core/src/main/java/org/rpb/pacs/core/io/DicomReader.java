package org.rpb.pacs.core.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;

/**
 * Reads DICOM Part 10 files and bare data sets: the public entry point of the codec for reading. Immutable and
 * thread-safe; configure with {@link #builder()}.
 *
 * <p>Handles the preamble and file meta information, explicit VR little endian, implicit VR little endian,
 * explicit VR big endian, deflated explicit VR little endian, defined and undefined lengths, sequences and items
 * at any depth, encapsulated pixel data (Basic Offset Table and fragments), and UN of undefined length (read as a
 * sequence of implicit VR items, PS3.5 6.2.2). Files without preamble and meta information (a bare data set at
 * offset 0) are recognised by their first element.</p>
 *
 * <p>Byte and word values (OB, OD, OF, OL, OV, OW, UN) and fragments longer than the bulk data threshold are not
 * read: the data set holds a {@link org.rpb.pacs.core.data.BulkData} reference to their place in the file. In a
 * deflated file they are read into memory, since there is no place to refer to.</p>
 *
 * <p>Damaged input (truncated, a length past the end of the file or of its item, broken item delimitation,
 * garbage) raises a {@link DicomParseException} naming the file, the offset and the tag; no partial data set is
 * ever returned. No input raises an {@link Error}: lengths are checked against what is left of the file before
 * anything is allocated, values of a stream (deflated data sets, network input) are allocated as their bytes
 * arrive, sequences nest at most {@link #MAX_SEQUENCE_DEPTH} levels, and a deflated data set may inflate to at most
 * {@link Builder#maxInflationRatio(int) a ratio} of its compressed size once past {@link #INFLATION_RATIO_FLOOR}
 * bytes (a deflate bomb is refused after a few MiB).</p>
 */
public final class DicomReader {

    /**
     * The deepest nesting of sequences read: a sequence inside {@value} enclosing sequences (levels counted from
     * the top-level data set) raises a {@link DicomParseException}. Real objects nest a handful of levels (RT Plan
     * about 4, Structured Reports rarely beyond 20); the limit bounds the reader's recursion and that of every tool
     * walking the tree, so that no file can exhaust a thread's stack.
     */
    public static final int MAX_SEQUENCE_DEPTH = 64;

    /**
     * Default of {@link Builder#maxInflationRatio(int)}: a deflated data set may inflate to {@value} times its
     * compressed size. Deflate reaches about 3:1 on real images and SR documents and up to about 1000:1 on nothing
     * but repeated bytes, which is what a deflate bomb is made of.
     */
    public static final int DEFAULT_MAX_INFLATION_RATIO = 200;

    /**
     * Inflated bytes up to which the ratio is not checked ({@value}, 8 MiB): small deflated objects of blank pixels
     * pass whatever their ratio; beyond it a bomb is refused before its values are allocated.
     */
    public static final long INFLATION_RATIO_FLOOR = 8L * 1024 * 1024;

    /** Bulk values above this many bytes stay in the file unless configured otherwise. */
    public static final long DEFAULT_BULK_DATA_THRESHOLD = 64 * 1024;

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int TRANSFER_SYNTAX_UID = 0x00020010;
    /** Room for the top-level elements of a typical image (about 100-150) before the data set's list grows. */
    private static final int TYPICAL_ELEMENTS = 160;

    private final long bulkDataThreshold;
    private final boolean keepBufferedBulkData;
    private final int maxInflationRatio;
    /** Read buffers of files, reused from one read to the next (a few, for concurrent reads). */
    private final BufferPool buffers = new BufferPool(BUFFER_SIZE, 8);
    /** The Tag objects of this reader's reads, shared from one file to the next instead of one per element. */
    private final TagCache tags = new TagCache();

    private DicomReader(Builder b) {
        this.bulkDataThreshold = b.bulkDataThreshold;
        this.keepBufferedBulkData = b.keepBufferedBulkData;
        this.maxInflationRatio = b.maxInflationRatio;
    }

    /** A reader with the default settings. */
    public static DicomReader create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of a {@link DicomReader}. */
    public static final class Builder {
        private long bulkDataThreshold = DEFAULT_BULK_DATA_THRESHOLD;
        private boolean keepBufferedBulkData;
        private int maxInflationRatio = DEFAULT_MAX_INFLATION_RATIO;

        private Builder() {
        }

        /**
         * The most a deflated data set (Deflated Explicit VR Little Endian) may inflate, as a multiple of the
         * compressed bytes it was inflated from, once it has inflated more than {@link #INFLATION_RATIO_FLOOR}
         * bytes; more raises a {@link DicomParseException}. Default {@value #DEFAULT_MAX_INFLATION_RATIO}.
         */
        public Builder maxInflationRatio(int ratio) {
            if (ratio < 1) {
                throw new IllegalArgumentException("the inflation ratio must be at least 1");
            }
            this.maxInflationRatio = ratio;
            return this;
        }

        /**
         * Byte and word values (and fragments) longer than this stay in the file as references; 0 keeps every
         * non-empty bulk value in the file, {@code Long.MAX_VALUE} reads everything into memory.
         */
        public Builder bulkDataThreshold(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("threshold must not be negative");
            }
            this.bulkDataThreshold = bytes;
            return this;
        }

        /**
         * If true, a value over the {@linkplain #bulkDataThreshold(long) threshold} whose bytes the reader holds
         * already (a file smaller than its 64 kB read buffer is read whole by the first read call) is copied into
         * memory instead of left in the file: writing it out again then needs neither the file opened a second
         * time nor a copy by the kernel from it. Values beyond the bytes read stay in the file, so the memory a
         * read takes stays bounded by the buffer whatever the file's size. Default false.
         */
        public Builder keepBufferedBulkData(boolean keep) {
            this.keepBufferedBulkData = keep;
            return this;
        }

        public DicomReader build() {
            return new DicomReader(this);
        }
    }

    /** The bulk data threshold in bytes. */
    public long bulkDataThreshold() {
        return bulkDataThreshold;
    }

    /** The most a deflated data set may inflate past {@link #INFLATION_RATIO_FLOOR}, as a multiple of its size. */
    public int maxInflationRatio() {
        return maxInflationRatio;
    }

    /**
     * Reads a Part 10 file (or a bare data set at offset 0 of a file without preamble).
     *
     * @throws DicomParseException if the file is not DICOM or is damaged
     * @throws IOException         if it cannot be read
     */
    public DicomFile read(Path file) throws IOException {
        DataSet ds = DataSet.withCapacity(TYPICAL_ELEMENTS);
        TreeBuilder tree = new TreeBuilder(ds);
        byte[] buffer = buffers.take();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(ch, file, buffer);
            walk(ch, file, h, tree, 0);
            long size = h.source != null ? h.source.size() : ch.size();
            return new DicomFile(h.preamble, h.meta, ds, h.transferSyntax, file, h.dataSetOffset, size);
        } finally {
            buffers.give(buffer); // the values read are copies: nothing refers to the buffer any more
        }
    }

    /**
     * Walks a file element by element, calling {@code visitor}; stops early when the visitor returns STOP.
     *
     * @throws DicomParseException if the file is not DICOM or is damaged (the visitor may already have received
     *                             the elements before the damage)
     */
    public void stream(Path file, DicomVisitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(ch, file);
            if (visitor.fileMeta(h.meta, h.transferSyntax) == DicomVisitor.Action.STOP) {
                return;
            }
            walk(ch, file, h, visitor, 0);
        }
    }

    /**
     * Reads the identifying header of a file, stopping before the pixel data (group 7FE0) without reading it.
     */
    public HeaderSummary readHeaderSummary(Path file) throws IOException {
        DataSet ds = new DataSet();
        TreeBuilder tree = new TreeBuilder(ds);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(ch, file);
            walk(ch, file, h, tree, Parser.PIXEL_DATA);
        }
        return HeaderSummary.of(ds);
    }

    /**
     * Reads a file up to its pixel data: the file meta information, the transfer syntax (guessed for a bare data
     * set as {@link #read(Path)} does), where the data set starts, and the data set's elements before group 7FE0.
     * For senders and indexers that pass the pixel data on unread; the returned data set is not the whole
     * instance and must not be written out as one.
     *
     * @throws DicomParseException if the file is not DICOM or the part read is damaged
     * @throws IOException         if it cannot be read
     */
    public DicomFile readUpToPixelData(Path file) throws IOException {
        DataSet ds = DataSet.withCapacity(TYPICAL_ELEMENTS);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(ch, file);
            long offset = h.dataSetOffset;
            walk(ch, file, h, new TreeBuilder(ds), Parser.PIXEL_DATA);
            return new DicomFile(h.preamble, h.meta, ds, h.transferSyntax, file, offset, ch.size());
        }
    }

    /**
     * Reads a bare data set (no preamble, no file meta information) that fills {@code file}, encoded with
     * {@code transferSyntax}.
     */
    public DataSet readDataSet(Path file, TransferSyntax transferSyntax) throws IOException {
        DataSet ds = new DataSet();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = new Header();
            h.transferSyntax = transferSyntax;
            h.dataSetOffset = 0;
            walk(ch, file, h, new TreeBuilder(ds), 0);
        }
        return ds;
    }

    /** Reads a bare data set held in memory (for example received over the network); all values stay in memory. */
    public DataSet readDataSet(byte[] encoded, TransferSyntax transferSyntax) throws DicomParseException {
        // a buffer the size of the value (a C-FIND identifier is a few hundred bytes), not 64 kB to allocate each time
        return readDataSet(new ByteArrayInputStream(encoded), transferSyntax,
                transferSyntax.deflated() ? BUFFER_SIZE : Math.max(256, Math.min(BUFFER_SIZE, encoded.length + 8)));
    }

    /**
     * Reads a bare data set from a stream up to its end; all values are read into memory. A deflated one is held to
     * the {@linkplain Builder#maxInflationRatio(int) inflation limit}.
     */
    public DataSet readDataSet(InputStream in, TransferSyntax transferSyntax) throws DicomParseException {
        return readDataSet(in, transferSyntax, BUFFER_SIZE);
    }

    private DataSet readDataSet(InputStream in, TransferSyntax transferSyntax, int bufferSize) throws DicomParseException {
        DataSet ds = new DataSet();
        BoundedInflaterInputStream inflater = transferSyntax.deflated()
                ? new BoundedInflaterInputStream(in, maxInflationRatio, BUFFER_SIZE) : null;
        try {
            Parser p = new Parser(Source.ofStream(inflater != null ? inflater : in, null, 0, bufferSize),
                    new TreeBuilder(ds), bulkDataThreshold, 0, tags);
            p.readDataSet(transferSyntax.explicitVr(), transferSyntax.bigEndian());
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
        return ds;
    }

    /**
     * True if {@code file} looks like DICOM: a "DICM" prefix at offset 128, or a plausible first element of a bare
     * data set at offset 0. Reads at most 132 bytes.
     */
    public static boolean isDicom(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = readHead(ch);
            return hasDicmPrefix(head) || guessBare(head, ch.size()) != null;
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------------

    private static final class Header {
        byte[] preamble;
        DataSet meta = new DataSet();
        TransferSyntax transferSyntax;
        long dataSetOffset;
        /** The source positioned at the data set, or null to open one at dataSetOffset. */
        Source source;
    }

    private static byte[] readHead(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(132, ch.size()));
        while (b.hasRemaining()) {
            if (ch.read(b, b.position()) < 0) {
                break;
            }
        }
        byte[] head = new byte[b.position()];
        b.flip();
        b.get(head);
        return head;
    }

    private static boolean hasDicmPrefix(byte[] h) {
        return h.length >= 132 && h[128] == 'D' && h[129] == 'I' && h[130] == 'C' && h[131] == 'M';
    }

    /** Guesses the transfer syntax of a bare data set from its first element header, or returns null. */
    private static TransferSyntax guessBare(byte[] h, long size) {
        if (h.length < 8) {
            return null;
        }
        int b0 = h[0] & 0xFF;
        int b1 = h[1] & 0xFF;
        boolean bigEndian;
        int group;
        if (b1 == 0 && b0 != 0) {
            bigEndian = false;
            group = b0;
        } else if (b0 == 0 && b1 != 0) {
            bigEndian = true;
            group = b1;
        } else {
            return null;
        }
        if ((group & 1) != 0 || group < 2) {
            return null;
        }
        VR vr = VR.fromCode(h[4] & 0xFF, h[5] & 0xFF);
        if (vr != null) {
            return bigEndian ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        }
        if (bigEndian) {
            return null;
        }
        long len = (h[4] & 0xFFL) | (h[5] & 0xFFL) << 8 | (h[6] & 0xFFL) << 16 | (h[7] & 0xFFL) << 24;
        return len == 0xFFFFFFFFL || len <= size - 8 ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN : null;
    }

    private Header readHeader(FileChannel ch, Path file) throws IOException {
        return readHeader(ch, file, null);
    }

    /** Reads preamble and file meta information through {@code buffer} (a new one sized to the file if null). */
    private Header readHeader(FileChannel ch, Path file, byte[] buffer) throws IOException {
        // one buffered source serves preamble, meta information and (usually) the whole data set: one read call
        Source src = buffer != null ? Source.ofChannel(ch, file, 0, buffer)
                : Source.ofChannel(ch, file, 0, BUFFER_SIZE);
        byte[] head = new byte[132];
        int n = src.peekBytes(head, 132);
        if (n < 132) {
            head = java.util.Arrays.copyOf(head, n);
        }
        Header h = new Header();
        h.source = src;
        if (hasDicmPrefix(head)) {
            h.preamble = java.util.Arrays.copyOf(head, 128);
            src.skip(132);
        } else if (!(head.length >= 8 && head[0] == 2 && head[1] == 0)) {
            TransferSyntax ts = guessBare(head, ch.size());
            if (ts == null) {
                throw new DicomParseException(file, 0, null,
                        "not a DICOM file: no \"DICM\" prefix at offset 128 and no data element at offset 0");
            }
            h.transferSyntax = ts;
            h.dataSetOffset = 0;
            return h;
        }
        long metaStart = src.position();
        Parser p = new Parser(src, new TreeBuilder(h.meta), Long.MAX_VALUE, 0, tags);
        p.readMetaElements(-1);
        if (h.meta.isEmpty() && h.preamble != null && src.position() < ch.size()) {
            throw new DicomParseException(file, metaStart, null, "no file meta information after the DICM prefix");
        }
        h.dataSetOffset = src.position();
        DataElement ts = h.meta.get(TRANSFER_SYNTAX_UID);
        if (ts != null && ts.isBytes() && ts.length() > 0) {
            h.transferSyntax = TransferSyntax.of(new String(ts.bytes(), StandardCharsets.US_ASCII));
        } else {
            // (0002,0010) missing: decide from the first data set element, as other toolkits do
            byte[] first = new byte[8];
            int got = src.peekBytes(first, 8);
            boolean explicit = got < 8 || VR.fromCode(first[4] & 0xFF, first[5] & 0xFF) != null;
            h.transferSyntax = explicit ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                    : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        return h;
    }

    private void walk(FileChannel ch, Path file, Header h, DicomVisitor visitor, int stopTag) throws IOException {
        TransferSyntax ts = h.transferSyntax;
        if (ts.deflated()) {
            ch.position(h.dataSetOffset);
            BoundedInflaterInputStream inflater = new BoundedInflaterInputStream(Channels.newInputStream(ch),
                    maxInflationRatio, BUFFER_SIZE);
            try {
                new Parser(Source.ofStream(inflater, file, 0, BUFFER_SIZE), visitor, bulkDataThreshold, stopTag,
                        tags)
                        .readDataSet(ts.explicitVr(), ts.bigEndian());
            } finally {
                inflater.end();
            }
            return;
        }
        Source src = (h.source != null ? h.source : Source.ofChannel(ch, file, h.dataSetOffset, BUFFER_SIZE))
                .keepBuffered(keepBufferedBulkData);
        new Parser(src, visitor, bulkDataThreshold, stopTag, tags).readDataSet(ts.explicitVr(), ts.bigEndian());
    }
}
