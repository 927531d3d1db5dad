package org.rpb.pacs.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One element of a data set. Immutable. Its value is one of:
 * <ul>
 * <li>the raw bytes as read or encoded ({@link #isBytes()}), in the byte order given by {@link #bigEndian()},
 * including any padding byte;</li>
 * <li>a {@link BulkData} reference to a region of the source file ({@link #isBulkData()});</li>
 * <li>a {@link Sequence} of items ({@link #isSequence()}), for SQ and for UN or private elements that the reader
 * found to be sequences of implicit VR items;</li>
 * <li>{@link Fragments} for encapsulated pixel data ({@link #isFragments()}).</li>
 * </ul>
 * {@link #undefinedLength()} records whether the element was (or is to be) encoded with undefined length, so that
 * what was read is written back the same way.
 */
public final class DataElement {

    private static final byte[] EMPTY = new byte[0];

    private final Tag tag;
    private final VR vr;
    private final Object value;
    private final boolean undefinedLength;
    private final boolean bigEndian;

    private DataElement(Tag tag, VR vr, Object value, boolean undefinedLength, boolean bigEndian) {
        this.tag = Objects.requireNonNull(tag, "tag");
        this.vr = Objects.requireNonNull(vr, "vr");
        this.value = value == null ? EMPTY : value;
        this.undefinedLength = undefinedLength;
        this.bigEndian = bigEndian;
    }

    /**
     * An element with raw bytes in little endian order. The array is not copied: the caller hands it over and must
     * not change it afterwards.
     */
    public static DataElement of(Tag tag, VR vr, byte[] value) {
        return new DataElement(tag, vr, value, false, false);
    }

    /** An element with raw bytes in the given byte order (for codecs); the array is handed over, not copied. */
    public static DataElement of(Tag tag, VR vr, byte[] value, boolean bigEndian) {
        return new DataElement(tag, vr, value, false, bigEndian);
    }

    /** An element whose value stays on disk (or in a {@link BulkData} byte array). */
    public static DataElement of(Tag tag, VR vr, BulkData value, boolean bigEndian) {
        return new DataElement(tag, vr, Objects.requireNonNull(value), false, bigEndian);
    }

    /** A sequence element; {@code undefinedLength} chooses the encoding (undefined length is the usual choice). */
    public static DataElement of(Tag tag, VR vr, Sequence value, boolean undefinedLength) {
        return new DataElement(tag, vr, Objects.requireNonNull(value), undefinedLength, false);
    }

    /** Encapsulated pixel data, always of undefined length. */
    public static DataElement of(Tag tag, VR vr, Fragments value) {
        return new DataElement(tag, vr, Objects.requireNonNull(value), true, false);
    }

    public Tag tag() {
        return tag;
    }

    /**
     * The VR as read (explicit VR) or from the dictionary (implicit VR; UN for unknown tags).
     */
    public VR vr() {
        return vr;
    }

    /** True if the value was encoded with undefined length (sequences, encapsulated pixel data). */
    public boolean undefinedLength() {
        return undefinedLength;
    }

    /** The byte order of the raw bytes or bulk data of this element. */
    public boolean bigEndian() {
        return bigEndian;
    }

    public boolean isBytes() {
        return value instanceof byte[];
    }

    public boolean isBulkData() {
        return value instanceof BulkData;
    }

    public boolean isSequence() {
        return value instanceof Sequence;
    }

    public boolean isFragments() {
        return value instanceof Fragments;
    }

    /** True if the value is empty (zero-length bytes or bulk data, a sequence with no items). */
    public boolean isEmpty() {
        if (value instanceof byte[]) {
            return ((byte[]) value).length == 0;
        }
        if (value instanceof BulkData) {
            return ((BulkData) value).length() == 0;
        }
        if (value instanceof Sequence) {
            return ((Sequence) value).size() == 0;
        }
        return false;
    }

    /** A copy of the raw bytes, or {@code null} if the value is not held as bytes. */
    public byte[] bytes() {
        return value instanceof byte[] ? ((byte[]) value).clone() : null;
    }

    /** A read-only view of the raw bytes without copying, or {@code null} if the value is not held as bytes. */
    public ByteBuffer byteBuffer() {
        if (!(value instanceof byte[])) {
            return null;
        }
        return ByteBuffer.wrap((byte[]) value).asReadOnlyBuffer()
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Copies raw bytes of the value, from {@code offset} on, into {@code dst}: as many as fit (its remaining space)
     * or are left. For codecs that write values without copying them first; the value itself stays unchanged.
     *
     * @return the number of bytes copied
     * @throws IllegalStateException if the value is not held as bytes
     */
    public int copyBytes(int offset, ByteBuffer dst) {
        if (!(value instanceof byte[])) {
            throw new IllegalStateException("value of " + tag + " is not held in memory");
        }
        byte[] b = (byte[]) value;
        int n = Math.min(b.length - offset, dst.remaining());
        dst.put(b, offset, n);
        return n;
    }

    /** The value length in bytes for bytes and bulk data; -1 for sequences and fragments. */
    public long length() {
        if (value instanceof byte[]) {
            return ((byte[]) value).length;
        }
        if (value instanceof BulkData) {
            return ((BulkData) value).length();
        }
        return -1;
    }

    /** The bulk data reference, or {@code null}. */
    public BulkData bulkData() {
        return value instanceof BulkData ? (BulkData) value : null;
    }

    /** The sequence, or {@code null}. */
    public Sequence sequence() {
        return value instanceof Sequence ? (Sequence) value : null;
    }

    /** The fragments, or {@code null}. */
    public Fragments fragments() {
        return value instanceof Fragments ? (Fragments) value : null;
    }

    /** The same value under another VR (for example to resolve a dictionary entry "US or SS"). */
    public DataElement withVr(VR newVr) {
        return new DataElement(tag, newVr, value, undefinedLength, bigEndian);
    }

    /**
     * The number of values: for binary numbers the byte length divided by the value size, for text the number of
     * backslash-separated values (1 for LT, ST, UT, UR), for a sequence its item count.
     */
    public int multiplicity() {
        if (value instanceof Sequence) {
            return ((Sequence) value).size();
        }
        if (!(value instanceof byte[])) {
            return value instanceof Fragments ? 1 : (length() > 0 ? 1 : 0);
        }
        byte[] b = (byte[]) value;
        if (b.length == 0) {
            return 0;
        }
        if (vr.isBinary()) {
            return b.length / vr.valueSize();
        }
        if (!vr.isText() || vr.isSingleValuedText()) {
            return 1;
        }
        int n = 1;
        for (byte x : b) {
            if (x == '\\') {
                n++;
            }
        }
        return n;
    }

    /**
     * The binary number at {@code index} of a US, SS, UL, SL, AT, UV or SV value as a long (unsigned types
     * zero-extended; UV values above Long.MAX_VALUE wrap).
     *
     * @throws IllegalStateException if the VR is not one of those or index is out of range
     */
    public long longValue(int index) {
        if (!(value instanceof byte[])) {
            throw new IllegalStateException("value of " + tag + " is not held in memory");
        }
        ByteBuffer b = ByteBuffer.wrap((byte[]) value).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int size = vr.valueSize();
        int pos = index * size;
        if (index < 0 || pos + size > b.limit()) {
            throw new IllegalStateException("no value " + index + " in " + tag);
        }
        switch (vr) {
            case US: return b.getShort(pos) & 0xFFFF;
            case SS: return b.getShort(pos);
            case UL: return b.getInt(pos) & 0xFFFFFFFFL;
            case SL: return b.getInt(pos);
            case AT: return ((b.getShort(pos) & 0xFFFFL) << 16) | (b.getShort(pos + 2) & 0xFFFF);
            case UV:
            case SV: return b.getLong(pos);
            default: throw new IllegalStateException(tag + " has VR " + vr + ", not an integer VR");
        }
    }

    /** The floating point number at {@code index} of an FL, FD, OF or OD value. */
    public double doubleValue(int index) {
        if (!(value instanceof byte[])) {
            throw new IllegalStateException("value of " + tag + " is not held in memory");
        }
        ByteBuffer b = ByteBuffer.wrap((byte[]) value).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        switch (vr) {
            case FL:
            case OF: return b.getFloat(index * 4);
            case FD:
            case OD: return b.getDouble(index * 8);
            default: throw new IllegalStateException(tag + " has VR " + vr + ", not a floating point VR");
        }
    }

    /** Describes tag, VR and size, never the value (values may identify a patient). */
    @Override
    public String toString() {
        String size = value instanceof Sequence ? ((Sequence) value).size() + " items"
                : value instanceof Fragments ? ((Fragments) value).fragments().size() + " fragments"
                : length() + " bytes";
        return tag + " " + vr + " " + size;
    }
}
