package org.rpb.pacs.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Fragments;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;

/**
 * Writes DICOM Part 10 files and bare data sets: the public entry point of the codec for writing. Immutable and
 * thread-safe; configure with {@link #builder()}.
 *
 * <p>What the reader read is written back byte for byte: each element keeps its VR, its raw value bytes
 * (padding included), undefined or defined length, item encoding, Basic Offset Table and fragments. Elements a
 * program changed are encoded from their new value, and the lengths of enclosing defined-length sequences and
 * items are recomputed. Bulk data is copied from its source file with {@code FileChannel.transferTo}, never
 * through the heap. An unchanged deflated data set is copied from the source file as it was compressed.</p>
 */
public final class DicomWriter {

    /** The Implementation Class UID this writer puts into new file meta information. */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.294799861098834327852351207148627098042";
    /** The Implementation Version Name this writer puts into new file meta information. */
    public static final String IMPLEMENTATION_VERSION_NAME = "RPB_PACS_1";

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final boolean newFileMeta;
    private final String sourceApplicationEntityTitle;
    /** Output buffers of files, reused from one write to the next (a few, for concurrent writes). */
    private final BufferPool buffers = new BufferPool(BUFFER_SIZE, 8);

    private DicomWriter(Builder b) {
        this.newFileMeta = b.newFileMeta;
        this.sourceApplicationEntityTitle = b.sourceApplicationEntityTitle;
    }

    /** A writer with default settings (file meta information written as it is, group length recomputed if changed). */
    public static DicomWriter create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of a {@link DicomWriter}. */
    public static final class Builder {
        private boolean newFileMeta;
        private String sourceApplicationEntityTitle;

        private Builder() {
        }

        /**
         * If true, replaces the file meta information with a new one built from the data set (SOP class and
         * instance UIDs), the transfer syntax and this writer's implementation identifiers, and writes a zero
         * preamble if the file had none.
         */
        public Builder newFileMeta(boolean value) {
            this.newFileMeta = value;
            return this;
        }

        /** Source Application Entity Title (0002,0016) for new file meta information; none if null. */
        public Builder sourceApplicationEntityTitle(String aet) {
            this.sourceApplicationEntityTitle = aet;
            return this;
        }

        public DicomWriter build() {
            return new DicomWriter(this);
        }
    }

    /**
     * Builds file meta information for a data set: version 00\01, media storage SOP class and instance UID,
     * transfer syntax, implementation class UID and version name, and the group length.
     */
    public static DataSet createFileMeta(String sopClassUid, String sopInstanceUid, TransferSyntax transferSyntax,
                                         String sourceApplicationEntityTitle) {
        DataSet m = new DataSet();
        m.setBytes(Tag.of(0x00020001), VR.OB, new byte[] {0, 1});
        m.setString(Tag.of(0x00020002), VR.UI, sopClassUid);
        m.setString(Tag.of(0x00020003), VR.UI, sopInstanceUid);
        m.setString(Tag.of(0x00020010), VR.UI, transferSyntax.uid());
        m.setString(Tag.of(0x00020012), VR.UI, IMPLEMENTATION_CLASS_UID);
        m.setString(Tag.of(0x00020013), VR.SH, IMPLEMENTATION_VERSION_NAME);
        if (sourceApplicationEntityTitle != null) {
            m.setString(Tag.of(0x00020016), VR.AE, sourceApplicationEntityTitle);
        }
        setGroupLength(m);
        return m;
    }

    private static void setGroupLength(DataSet meta) {
        long n = 0;
        for (DataElement e : meta) {
            if (e.tag().value() != 0x00020000) {
                n += elementLength(e, true);
            }
        }
        meta.setLongs(Tag.of(0x00020000), VR.UL, n);
    }

    /**
     * Writes {@code file} to {@code out} (created or replaced). Writing over the file it was read from is safe:
     * bulk data still refers to that file, so the new content goes to a temporary file next to it first and then
     * replaces it.
     */
    public void write(DicomFile file, Path out) throws IOException {
        Path source = file.source();
        if (source != null && Files.exists(out) && Files.isSameFile(source, out)) {
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".pacs-write", ".tmp");
            try {
                write(file, tmp);
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return;
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            write(file, ch);
        }
    }

    /** Writes {@code file} to a channel (not closed). */
    public void write(DicomFile file, WritableByteChannel out) throws IOException {
        byte[] buffer = buffers.take();
        try (Sink sink = new Sink(out, new HashMap<>(), true, ByteBuffer.wrap(buffer))) {
            byte[] preamble = file.preamble();
            if (preamble == null && newFileMeta) {
                preamble = new byte[128];
            }
            if (preamble != null) {
                sink.bytes(preamble, 0, 128);
                sink.bytes(new byte[] {'D', 'I', 'C', 'M'}, 0, 4);
            }
            DataSet meta = file.fileMeta();
            DataSet ds = file.dataSet();
            TransferSyntax ts = file.transferSyntax();
            if (newFileMeta) {
                meta = createFileMeta(ds.getString(Tag.of(0x00080016)), ds.getString(Tag.of(0x00080018)), ts,
                        sourceApplicationEntityTitle);
            } else if (meta.isModified() && meta.contains(Tag.of(0x00020000))) {
                meta = meta.copy();
                setGroupLength(meta);
            }
            writeElements(meta, sink, true, false);
            if (ts.deflated()) {
                if (!ds.isModified() && file.source() != null && file.dataSetOffset() >= 0) {
                    // unchanged: keep the original compressed bytes rather than recompressing
                    sink.flush();
                    try (FileChannel src = FileChannel.open(file.source(), StandardOpenOption.READ)) {
                        BulkData.ofFile(file.source(), file.dataSetOffset(), src.size() - file.dataSetOffset())
                                .transferTo(out, src);
                    }
                } else {
                    sink.flush();
                    DeflaterOutputStream dos = new DeflaterOutputStream(Channels.newOutputStream(out),
                            new Deflater(Deflater.DEFAULT_COMPRESSION, true), BUFFER_SIZE);
                    OutputStream unclosable = new OutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            dos.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            dos.write(b, off, len);
                        }
                    };
                    try (Sink inner = new Sink(Channels.newChannel(unclosable), sink.sources)) {
                        writeElements(ds, inner, true, false);
                    }
                    dos.finish();
                    dos.flush();
                }
            } else {
                writeElements(ds, sink, ts.explicitVr(), ts.bigEndian());
            }
        } finally {
            buffers.give(buffer); // the sink is closed (flushed): the buffer is free again
        }
    }

    /** Writes a bare data set (no preamble, no file meta information) in {@code transferSyntax}. */
    public void writeDataSet(DataSet dataSet, TransferSyntax transferSyntax, WritableByteChannel out)
            throws IOException {
        if (transferSyntax.deflated()) {
            DeflaterOutputStream dos = new DeflaterOutputStream(Channels.newOutputStream(out),
                    new Deflater(Deflater.DEFAULT_COMPRESSION, true), BUFFER_SIZE);
            try (Sink sink = new Sink(Channels.newChannel(dos))) {
                writeElements(dataSet, sink, true, false);
            }
            dos.finish();
            dos.flush();
            return;
        }
        // a C-STORE encodes one data set per instance onto its association: the buffer comes from the pool
        // rather than 64 kB allocated (and zeroed) per instance
        byte[] buffer = buffers.take();
        try (Sink sink = new Sink(out, new HashMap<>(), true, ByteBuffer.wrap(buffer))) {
            writeElements(dataSet, sink, transferSyntax.explicitVr(), transferSyntax.bigEndian());
        } finally {
            buffers.give(buffer); // the sink is closed (flushed): the buffer is free again
        }
    }

    /** Encodes a bare data set into a byte array (bulk data included; mind the size). */
    public byte[] encode(DataSet dataSet, TransferSyntax transferSyntax) throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        writeDataSet(dataSet, transferSyntax, Channels.newChannel(bos));
        return bos.toByteArray();
    }

    /**
     * The number of bytes {@code element} takes when encoded (header included), with explicit or implicit VR;
     * sequence and item lengths are computed as the writer would write them.
     */
    public static long encodedLength(DataElement element, boolean explicitVr) {
        return elementLength(element, explicitVr);
    }

    /** The number of bytes the elements of {@code dataSet} take when encoded (an item's value length). */
    public static long encodedLength(DataSet dataSet, boolean explicitVr) {
        return dataSetLength(dataSet, explicitVr);
    }

    // ------------------------------------------------------------------------------------------------------
    // lengths

    private static long headerLength(VR vr, boolean explicit) {
        return explicit ? vr.explicitHeaderLength() : 8;
    }

    static long elementLength(DataElement e, boolean explicit) {
        long h = headerLength(e.vr(), explicit);
        Sequence s = e.sequence();
        if (s != null) {
            boolean itemsExplicit = explicit && e.vr() != VR.UN;
            return h + sequenceValueLength(s, itemsExplicit) + (e.undefinedLength() ? 8 : 0);
        }
        Fragments f = e.fragments();
        if (f != null) {
            return h + f.encodedLength();
        }
        return h + e.length();
    }

    private static long sequenceValueLength(Sequence s, boolean explicit) {
        long n = 0;
        for (DataSet item : s.items()) {
            n += 8 + dataSetLength(item, explicit) + (item.undefinedLengthItem() ? 8 : 0);
        }
        return n;
    }

    static long dataSetLength(DataSet ds, boolean explicit) {
        long n = 0;
        for (DataElement e : ds) {
            n += elementLength(e, explicit);
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------------------
    // encoding

    private void writeElements(DataSet ds, Sink out, boolean explicit, boolean bigEndian) throws IOException {
        // group lengths (gggg,0000) are recomputed only where something changed: unchanged data stays byte for byte
        boolean recompute = ds.isModified();
        List<DataElement> elements = ds.elements();
        for (int i = 0; i < elements.size(); i++) {
            DataElement e = elements.get(i);
            if (recompute && e.tag().isGroupLength() && e.vr() == VR.UL && e.length() == 4) {
                int group = e.tag().group();
                long n = 0;
                for (int k = i + 1; k < elements.size() && elements.get(k).tag().group() == group; k++) {
                    n += elementLength(elements.get(k), explicit);
                }
                e = DataElement.of(e.tag(), VR.UL, new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16),
                        (byte) (n >>> 24)}, false);
            }
            writeElement(e, out, explicit, bigEndian);
        }
    }

    private void writeElement(DataElement e, Sink out, boolean explicit, boolean bigEndian) throws IOException {
        int tag = e.tag().value();
        VR vr = e.vr();
        Sequence s = e.sequence();
        Fragments f = e.fragments();
        long length;
        if (s != null) {
            boolean itemsExplicit = explicit && vr != VR.UN;
            length = e.undefinedLength() ? UNDEFINED : sequenceValueLength(s, itemsExplicit);
        } else if (f != null) {
            length = UNDEFINED;
        } else {
            length = e.length();
        }
        header(out, tag, vr, length, explicit, bigEndian);
        if (s != null) {
            boolean itemsExplicit = explicit && vr != VR.UN;
            boolean itemsBigEndian = itemsExplicit && bigEndian;
            for (DataSet item : s.items()) {
                long il = item.undefinedLengthItem() ? UNDEFINED : dataSetLength(item, itemsExplicit);
                out.tag(Parser.ITEM, itemsBigEndian);
                out.u32(il, itemsBigEndian);
                writeElements(item, out, itemsExplicit, itemsBigEndian);
                if (item.undefinedLengthItem()) {
                    out.tag(Parser.ITEM_DELIMITATION, itemsBigEndian);
                    out.u32(0, itemsBigEndian);
                }
            }
            if (e.undefinedLength()) {
                out.tag(Parser.SEQUENCE_DELIMITATION, itemsBigEndian);
                out.u32(0, itemsBigEndian);
            }
            return;
        }
        if (f != null) {
            byte[] bot = f.basicOffsetTable();
            out.tag(Parser.ITEM, bigEndian);
            out.u32(bot.length, bigEndian);
            out.bytes(bot, 0, bot.length);
            for (BulkData frag : f.fragments()) {
                out.tag(Parser.ITEM, bigEndian);
                out.u32(frag.length(), bigEndian);
                out.bulk(frag, 1, false);
            }
            out.tag(Parser.SEQUENCE_DELIMITATION, bigEndian);
            out.u32(0, bigEndian);
            return;
        }
        int unit = vr == VR.AT ? 2 : vr.valueSize();
        boolean swap = unit > 1 && e.bigEndian() != bigEndian;
        if (e.isBytes()) {
            if (swap) {
                byte[] v = e.bytes();
                swapInPlace(v, 0, v.length, unit);
                out.bytes(v, 0, v.length);
            } else {
                out.value(e);
            }
        } else {
            out.bulk(e.bulkData(), unit, swap);
        }
    }

    private static void header(Sink out, int tag, VR vr, long length, boolean explicit, boolean bigEndian)
            throws IOException {
        out.tag(tag, bigEndian);
        if (!explicit) {
            out.u32(length, bigEndian);
            return;
        }
        out.u8(vr.code() >>> 8);
        out.u8(vr.code() & 0xFF);
        if (vr.hasLongHeader()) {
            out.u8(0);
            out.u8(0);
            out.u32(length, bigEndian);
        } else {
            if (length > 0xFFFF) {
                throw new IOException("value of " + Tag.toString(tag) + " (" + length + " bytes) is too long for VR "
                        + vr + " in explicit VR");
            }
            out.u16((int) length, bigEndian);
        }
    }

    static void swapInPlace(byte[] v, int from, int to, int unit) {
        for (int i = from; i + unit <= to; i += unit) {
            for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                byte t = v[a];
                v[a] = v[b];
                v[b] = t;
            }
        }
    }

    /** Buffered output with bulk copies by transferTo. */
    private static final class Sink implements AutoCloseable {
        private final WritableByteChannel out;
        private final ByteBuffer buf;
        final Map<Path, FileChannel> sources;
        private final boolean ownsSources;

        Sink(WritableByteChannel out) {
            this(out, new HashMap<>(), true, ByteBuffer.allocate(BUFFER_SIZE));
        }

        Sink(WritableByteChannel out, Map<Path, FileChannel> sources) {
            this(out, sources, false, ByteBuffer.allocate(BUFFER_SIZE));
        }

        /** A sink writing through {@code buf} (empty; lent by the caller until this sink is closed). */
        Sink(WritableByteChannel out, Map<Path, FileChannel> sources, boolean ownsSources, ByteBuffer buf) {
            this.out = out;
            this.sources = sources;
            this.ownsSources = ownsSources;
            this.buf = buf;
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            buf.clear();
        }

        void u8(int v) throws IOException {
            room(1);
            buf.put((byte) v);
        }

        void u16(int v, boolean be) throws IOException {
            room(2);
            if (be) {
                buf.put((byte) (v >>> 8)).put((byte) v);
            } else {
                buf.put((byte) v).put((byte) (v >>> 8));
            }
        }

        void u32(long v, boolean be) throws IOException {
            room(4);
            int x = (int) v;
            if (be) {
                buf.put((byte) (x >>> 24)).put((byte) (x >>> 16)).put((byte) (x >>> 8)).put((byte) x);
            } else {
                buf.put((byte) x).put((byte) (x >>> 8)).put((byte) (x >>> 16)).put((byte) (x >>> 24));
            }
        }

        void tag(int tag, boolean be) throws IOException {
            u16(tag >>> 16, be);
            u16(tag & 0xFFFF, be);
        }

        void bytes(byte[] b, int off, int len) throws IOException {
            if (len > buf.remaining()) {
                flush();
                if (len > buf.capacity()) {
                    ByteBuffer w = ByteBuffer.wrap(b, off, len);
                    while (w.hasRemaining()) {
                        out.write(w);
                    }
                    return;
                }
            }
            buf.put(b, off, len);
        }

        /** Writes an element's bytes through the buffer, without a copy or view of the value per element. */
        void value(DataElement e) throws IOException {
            int len = (int) e.length();
            int done = e.copyBytes(0, buf);
            while (done < len) {
                flush();
                done += e.copyBytes(done, buf);
            }
        }

        void bulk(BulkData d, int unit, boolean swap) throws IOException {
            if (d.isInMemory() && !swap) {
                if (d.length() <= buf.remaining()) {
                    buf.put(d.readAllBytes());
                    return;
                }
            }
            if (!swap) {
                flush();
                FileChannel src = null;
                if (!d.isInMemory()) {
                    src = sources.get(d.file());
                    if (src == null) {
                        src = FileChannel.open(d.file(), StandardOpenOption.READ);
                        sources.put(d.file(), src);
                    }
                }
                if (src != null && !(out instanceof FileChannel) && !(out instanceof java.nio.channels.SelectableChannel)) {
                    // FileChannel.transferTo to any other channel reads 8 kB per system call; a stream (a
                    // network association's) is fed from this buffer's size instead
                    copyThroughBuffer(src, d.offset(), d.length());
                    return;
                }
                d.transferTo(out, src);
                return;
            }
            byte[] chunk = new byte[BUFFER_SIZE - BUFFER_SIZE % 8];
            try (InputStream in = d.openStream()) {
                long left = d.length();
                while (left > 0) {
                    int want = (int) Math.min(chunk.length, left);
                    int n = in.readNBytes(chunk, 0, want);
                    if (n < want) {
                        throw new IOException("bulk data source ended early: " + d);
                    }
                    swapInPlace(chunk, 0, n, unit);
                    bytes(chunk, 0, n);
                    left -= n;
                }
            }
        }

        private void copyThroughBuffer(FileChannel src, long offset, long length) throws IOException {
            long pos = offset;
            long end = offset + length;
            while (pos < end) {
                buf.clear();
                if (end - pos < buf.capacity()) {
                    buf.limit((int) (end - pos));
                }
                int n = src.read(buf, pos);
                if (n < 0) {
                    throw new IOException("file ends before bulk value at offset " + offset + " does");
                }
                pos += n;
                flush();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                if (ownsSources) {
                    for (FileChannel c : sources.values()) {
                        c.close();
                    }
                }
            }
        }
    }
}
