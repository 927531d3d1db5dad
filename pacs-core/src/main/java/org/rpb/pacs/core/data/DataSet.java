package org.rpb.pacs.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.rpb.pacs.core.charset.SpecificCharacterSet;
import org.rpb.pacs.core.dict.Dictionary;
import org.rpb.pacs.core.dict.DictionaryEntry;

/**
 * A DICOM data set (or sequence item): elements in tag order, with pydicom-like accessors. Not thread-safe.
 *
 * <p>Elements read from a file keep the file's order (which the standard requires to be ascending); {@link #set}
 * inserts new tags at their place in tag order. Every change marks the data set as {@link #isModified()
 * modified}, which lets the writer copy unchanged parts of a file byte for byte.</p>
 *
 * <p>Text values are decoded with the data set's {@link #specificCharacterSet() specific character set}: its own
 * (0008,0005) or, for a sequence item without one, the one of the enclosing data set.</p>
 */
public final class DataSet implements Iterable<DataElement> {

    private static final int SPECIFIC_CHARACTER_SET = 0x00080005;

    private final ArrayList<DataElement> elements;
    private boolean sorted = true;
    private boolean modified;
    private boolean undefinedLengthItem = true;
    private SpecificCharacterSet inheritedCharacterSet;
    private SpecificCharacterSet ownCharacterSet;
    /** True once (0008,0005) was looked up for ownCharacterSet (null then means absent); reset with it. */
    private boolean ownCharacterSetKnown;

    /** An empty data set. */
    public DataSet() {
        elements = new ArrayList<>();
    }

    private DataSet(int capacity) {
        elements = new ArrayList<>(capacity);
    }

    /**
     * An empty data set with room for about {@code expectedElements} elements before its list grows; for codecs
     * that know roughly how many elements they are about to append.
     *
     * @throws IllegalArgumentException if {@code expectedElements} is negative
     */
    public static DataSet withCapacity(int expectedElements) {
        if (expectedElements < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        return new DataSet(expectedElements);
    }

    /** The number of elements at this level (not counting elements inside sequence items). */
    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    /** The elements in order, unmodifiable. */
    public List<DataElement> elements() {
        return Collections.unmodifiableList(elements);
    }

    @Override
    public Iterator<DataElement> iterator() {
        return elements().iterator();
    }

    public Stream<DataElement> stream() {
        return elements().stream();
    }

    private int indexOf(int tag) {
        if (sorted) {
            int lo = 0;
            int hi = elements.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = Integer.compareUnsigned(elements.get(mid).tag().value(), tag);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i).tag().value() == tag) {
                return i;
            }
        }
        int pos = 0;
        while (pos < elements.size() && Integer.compareUnsigned(elements.get(pos).tag().value(), tag) < 0) {
            pos++;
        }
        return -(pos + 1);
    }

    /** The element with this tag, or {@code null}. */
    public DataElement get(Tag tag) {
        return get(tag.value());
    }

    /** The element with this packed tag value, or {@code null}. */
    public DataElement get(int tag) {
        int i = indexOf(tag);
        return i >= 0 ? elements.get(i) : null;
    }

    /** The element whose dictionary keyword is {@code keyword}, or {@code null}. */
    public DataElement get(String keyword) {
        return get(Dictionary.standard().tagOf(keyword));
    }

    public boolean contains(Tag tag) {
        return indexOf(tag.value()) >= 0;
    }

    /** Removes and returns the element with this tag, or returns {@code null} if there is none. */
    public DataElement remove(Tag tag) {
        int i = indexOf(tag.value());
        if (i < 0) {
            return null;
        }
        modified = true;
        if (tag.value() == SPECIFIC_CHARACTER_SET) {
            ownCharacterSet = null;
            ownCharacterSetKnown = false;
        }
        return elements.remove(i);
    }

    /**
     * Removes every element at this level that {@code filter} accepts, in one pass over the elements (removing many
     * elements one by one shifts the rest each time); marks the data set modified if any was removed.
     *
     * @return true if any element was removed
     */
    public boolean removeIf(java.util.function.Predicate<DataElement> filter) {
        boolean any = elements.removeIf(filter);
        if (any) {
            modified = true;
            ownCharacterSet = null;
            ownCharacterSetKnown = false; // read again from (0008,0005), which may be gone
        }
        return any;
    }

    /**
     * Appends an element after the existing ones without marking the data set modified; for codecs that build a
     * data set in stream order. Use {@link #set} otherwise.
     */
    public void append(DataElement e) {
        if (!elements.isEmpty()
                && Integer.compareUnsigned(elements.get(elements.size() - 1).tag().value(), e.tag().value()) >= 0) {
            sorted = false;
        }
        elements.add(e);
        attach(e);
        if (e.tag().value() == SPECIFIC_CHARACTER_SET) {
            ownCharacterSet = null;
            ownCharacterSetKnown = false;
        }
    }

    /** Adds or replaces the element with the same tag, keeping tag order, and marks the data set modified. */
    public void set(DataElement e) {
        int i = indexOf(e.tag().value());
        if (i >= 0) {
            elements.set(i, e);
        } else {
            elements.add(-(i + 1), e);
        }
        modified = true;
        attach(e);
        if (e.tag().value() == SPECIFIC_CHARACTER_SET) {
            ownCharacterSet = null;
            ownCharacterSetKnown = false;
            for (DataElement x : elements) {
                attach(x);
            }
        }
    }

    private void attach(DataElement e) {
        Sequence s = e.sequence();
        if (s != null && s.size() > 0) {
            SpecificCharacterSet cs = specificCharacterSet(); // once per sequence, not once per item
            for (DataSet item : s.items()) {
                item.inheritedCharacterSet = cs;
            }
        }
    }

    /**
     * The character set that decodes this data set's text: its own (0008,0005), else the one inherited from the
     * enclosing data set, else the default repertoire.
     */
    public SpecificCharacterSet specificCharacterSet() {
        if (!ownCharacterSetKnown) {
            DataElement e = get(SPECIFIC_CHARACTER_SET);
            ownCharacterSet = e != null && e.isBytes()
                    ? SpecificCharacterSet.fromValue(new String(e.bytes(), StandardCharsets.ISO_8859_1)) : null;
            ownCharacterSetKnown = true;
        }
        if (ownCharacterSet != null) {
            return ownCharacterSet;
        }
        return inheritedCharacterSet != null ? inheritedCharacterSet : SpecificCharacterSet.DEFAULT;
    }

    /** Sets the character set an item inherits from its enclosing data set (done by readers and by {@link #set}). */
    public void setInheritedCharacterSet(SpecificCharacterSet cs) {
        this.inheritedCharacterSet = cs;
    }

    /**
     * The element as its value should be interpreted: a UN element of a standard attribute (as written by
     * toolkits that did not know the attribute) takes the dictionary's VR, so that its text is readable.
     */
    private static DataElement interpreted(DataElement e) {
        if (e == null || e.vr() != VR.UN || !e.isBytes() || e.tag().isPrivate()) {
            return e;
        }
        DictionaryEntry d = Dictionary.standard().entry(e.tag().value());
        return d == null || d.vr() == VR.SQ ? e : e.withVr(d.vr());
    }

    /**
     * The whole text value decoded (trailing padding removed, backslashes kept), or {@code null} if absent or not
     * held in memory. Binary numbers are shown as text; a UN value of a standard attribute is decoded with the
     * dictionary's VR.
     */
    public String getString(Tag tag) {
        DataElement e = interpreted(get(tag.value()));
        if (e == null) {
            return null;
        }
        if (!e.isBytes()) {
            return null;
        }
        if (!e.vr().isText()) {
            return numbersAsText(e);
        }
        return trimTrailing(specificCharacterSet().decode(e.bytes(), e.vr()), e.vr());
    }

    /** The text value of the element with this dictionary keyword, or {@code null}. */
    public String getString(String keyword) {
        return getString(Dictionary.standard().tagOf(keyword));
    }

    /** The {@code index}-th value (0-based) of a multi-valued text, or {@code null} if absent. */
    public String getString(Tag tag, int index) {
        List<String> v = getStrings(tag);
        return index < v.size() ? v.get(index) : null;
    }

    /**
     * The values of a text element split at backslashes (except LT, ST, UT, UR), each with leading and trailing
     * spaces removed except where the VR makes leading spaces significant; empty list if absent or empty.
     */
    public List<String> getStrings(Tag tag) {
        String s = getString(tag);
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        DataElement e = interpreted(get(tag.value()));
        if (!e.vr().isText() || e.vr().isSingleValuedText()) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '\\') {
                out.add(trimValue(s.substring(start, i), e.vr()));
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * The first integer value of a US, SS, UL, SL or IS element, or {@code defaultValue} if absent, empty or not
     * a number.
     */
    public long getLong(Tag tag, long defaultValue) {
        DataElement e = interpreted(get(tag.value()));
        if (e == null || !e.isBytes() || e.length() == 0) {
            return defaultValue;
        }
        try {
            if (e.vr() == VR.IS || e.vr() == VR.DS) {
                String s = getString(tag, 0);
                return s == null || s.isEmpty() ? defaultValue : Long.parseLong(s.trim());
            }
            return e.longValue(0);
        } catch (RuntimeException ex) {
            return defaultValue;
        }
    }

    /** As {@link #getLong} for values that fit an int. */
    public int getInt(Tag tag, int defaultValue) {
        long v = getLong(tag, defaultValue);
        return v == (int) v ? (int) v : defaultValue;
    }

    /** A copy of the raw bytes, or {@code null} if absent or not held as bytes. */
    public byte[] getBytes(Tag tag) {
        DataElement e = get(tag.value());
        return e == null ? null : e.bytes();
    }

    /** The sequence, or {@code null} if absent or not a sequence. */
    public Sequence getSequence(Tag tag) {
        DataElement e = get(tag.value());
        return e == null ? null : e.sequence();
    }

    /**
     * Sets a text value, encoded with this data set's character set and padded to even length.
     *
     * @throws IllegalArgumentException if the character set cannot represent {@code value}
     */
    public void setString(Tag tag, VR vr, String value) {
        if (!vr.isText()) {
            throw new IllegalArgumentException(tag + ": VR " + vr + " is not a text VR");
        }
        byte[] b = specificCharacterSet().encode(value, vr);
        set(DataElement.of(tag, vr, pad(b, vr)));
    }

    /** Sets a text value with the VR the dictionary gives for the tag (the first one if several). */
    public void setString(Tag tag, String value) {
        setString(tag, vrOf(tag), value);
    }

    /** Sets a multi-valued text value (values joined with backslashes). */
    public void setStrings(Tag tag, VR vr, String... values) {
        setString(tag, vr, String.join("\\", values));
    }

    /** Sets raw bytes (little endian for binary VRs), padded to even length with the VR's padding byte. */
    public void setBytes(Tag tag, VR vr, byte[] value) {
        set(DataElement.of(tag, vr, pad(value.clone(), vr)));
    }

    /** Sets US, SS, UL, SL, UV or SV values. */
    public void setLongs(Tag tag, VR vr, long... values) {
        int size = vr.valueSize();
        if (!vr.isBinary() || vr == VR.FL || vr == VR.FD) {
            throw new IllegalArgumentException(tag + ": VR " + vr + " is not an integer VR");
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (size) {
                case 2: b.putShort((short) v); break;
                case 4: b.putInt((int) (vr == VR.AT ? ((v >>> 16) & 0xFFFF) | ((v & 0xFFFF) << 16) : v)); break;
                default: b.putLong(v);
            }
        }
        set(DataElement.of(tag, vr, b.array()));
    }

    /** Sets a sequence (encoded with undefined length) and lets its items inherit this data set's character set. */
    public void setSequence(Tag tag, Sequence sequence) {
        set(DataElement.of(tag, VR.SQ, sequence, true));
    }

    /** True if this data set or any item below it was changed since it was read. */
    public boolean isModified() {
        if (modified) {
            return true;
        }
        for (DataElement e : elements) {
            Sequence s = e.sequence();
            if (s != null && s.isModified()) {
                return true;
            }
        }
        return false;
    }

    /** True if, as a sequence item, this data set is encoded with undefined length (the default for new items). */
    public boolean undefinedLengthItem() {
        return undefinedLengthItem;
    }

    /** Chooses the item encoding; codecs set it to what they read. Does not count as a modification. */
    public void setUndefinedLengthItem(boolean undefinedLength) {
        this.undefinedLengthItem = undefinedLength;
    }

    /** True if the elements are in ascending tag order. */
    public boolean isSorted() {
        return sorted;
    }

    /** A deep copy: new data sets for every item, the same (immutable) elements and bulk references. */
    public DataSet copy() {
        DataSet c = new DataSet(elements.size());
        c.sorted = sorted;
        c.modified = modified;
        c.undefinedLengthItem = undefinedLengthItem;
        c.inheritedCharacterSet = inheritedCharacterSet;
        for (DataElement e : elements) {
            Sequence s = e.sequence();
            if (s != null) {
                List<DataSet> items = new ArrayList<>(s.size());
                for (DataSet item : s.items()) {
                    items.add(item.copy());
                }
                e = DataElement.of(e.tag(), e.vr(), new Sequence(items), e.undefinedLength());
            }
            c.elements.add(e);
        }
        return c;
    }

    private static VR vrOf(Tag tag) {
        DictionaryEntry d = Dictionary.standard().entry(tag.value());
        return d == null ? VR.UN : d.vr();
    }

    private static byte[] pad(byte[] b, VR vr) {
        if ((b.length & 1) == 0) {
            return b;
        }
        byte[] p = new byte[b.length + 1];
        System.arraycopy(b, 0, p, 0, b.length);
        p[b.length] = vr.paddingByte();
        return p;
    }

    private static String numbersAsText(DataElement e) {
        if (!e.vr().isBinary()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < e.multiplicity(); i++) {
            if (i > 0) {
                sb.append('\\');
            }
            if (e.vr() == VR.FL || e.vr() == VR.FD) {
                sb.append(e.doubleValue(i));
            } else if (e.vr() == VR.AT) {
                sb.append(Tag.toString((int) e.longValue(i)));
            } else if (e.vr() == VR.UV) {
                sb.append(Long.toUnsignedString(e.longValue(i)));
            } else {
                sb.append(e.longValue(i));
            }
        }
        return sb.toString();
    }

    static String trimTrailing(String s, VR vr) {
        int end = s.length();
        while (end > 0) {
            char c = s.charAt(end - 1);
            if (c == 0 || (c == ' ' && vr != VR.UI) || (vr == VR.UI && c == ' ')) {
                end--;
            } else {
                break;
            }
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    private static String trimValue(String s, VR vr) {
        if (vr == VR.LT || vr == VR.ST || vr == VR.UT) {
            return s;
        }
        return s.strip();
    }

    /** Describes the size only, never values. */
    @Override
    public String toString() {
        return "DataSet[" + elements.size() + " elements]";
    }
}
