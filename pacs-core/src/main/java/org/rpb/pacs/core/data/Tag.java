package org.rpb.pacs.core.data;

/**
 * An immutable DICOM attribute tag: a 16-bit group and a 16-bit element number packed into one {@code int}.
 * Ordering is the unsigned order of the packed value, which is the order the standard requires in a data set.
 */
public final class Tag implements Comparable<Tag> {

    /** (FFFE,E000) Item. */
    public static final Tag ITEM = new Tag(0xFFFEE000);
    /** (FFFE,E00D) Item Delimitation Item. */
    public static final Tag ITEM_DELIMITATION = new Tag(0xFFFEE00D);
    /** (FFFE,E0DD) Sequence Delimitation Item. */
    public static final Tag SEQUENCE_DELIMITATION = new Tag(0xFFFEE0DD);

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final int value;

    private Tag(int value) {
        this.value = value;
    }

    /** Returns the tag whose packed value is {@code (group << 16) | element}. */
    public static Tag of(int value) {
        return new Tag(value);
    }

    /**
     * Returns the tag (group,element).
     *
     * @throws IllegalArgumentException if group or element lies outside 0..0xFFFF
     */
    public static Tag of(int group, int element) {
        if ((group & ~0xFFFF) != 0 || (element & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("group and element must be 16-bit values");
        }
        return new Tag((group << 16) | element);
    }

    /**
     * Parses {@code "(0010,0010)"}, {@code "0010,0010"} or {@code "00100010"} (hexadecimal, either case).
     *
     * @throws IllegalArgumentException if the text is not one of these forms
     */
    public static Tag parse(String text) {
        String s = text.trim();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        String digits;
        if (s.length() == 9 && s.charAt(4) == ',') {
            digits = s.substring(0, 4) + s.substring(5);
        } else if (s.length() == 8) {
            digits = s;
        } else {
            throw new IllegalArgumentException("not a DICOM tag: " + text);
        }
        int v = 0;
        for (int i = 0; i < 8; i++) {
            int d = Character.digit(digits.charAt(i), 16);
            if (d < 0) {
                throw new IllegalArgumentException("not a DICOM tag: " + text);
            }
            v = (v << 4) | d;
        }
        return new Tag(v);
    }

    /** The packed value {@code (group << 16) | element}. */
    public int value() {
        return value;
    }

    /** The group number, 0..0xFFFF. */
    public int group() {
        return value >>> 16;
    }

    /** The element number, 0..0xFFFF. */
    public int element() {
        return value & 0xFFFF;
    }

    /** True for odd groups other than 0001, 0003, 0005, 0007 and FFFF (PS3.5 7.8.1). */
    public boolean isPrivate() {
        return isPrivate(value);
    }

    /** Static form of {@link #isPrivate()} for callers that work with packed values. */
    public static boolean isPrivate(int tag) {
        int g = tag >>> 16;
        return (g & 1) == 1 && g > 7 && g != 0xFFFF;
    }

    /** True for a private creator element: a private group and an element in 0010..00FF. */
    public boolean isPrivateCreator() {
        int e = element();
        return isPrivate() && e >= 0x10 && e <= 0xFF;
    }

    /** True for a group length element (gggg,0000). */
    public boolean isGroupLength() {
        return element() == 0;
    }

    /** True for the item and delimitation tags of group FFFE. */
    public boolean isItemOrDelimiter() {
        return group() == 0xFFFE;
    }

    /** Formats a packed tag as {@code (GGGG,EEEE)} in upper-case hexadecimal. */
    public static String toString(int tag) {
        char[] c = new char[11];
        c[0] = '(';
        c[5] = ',';
        c[10] = ')';
        for (int i = 0; i < 4; i++) {
            c[4 - i] = HEX[(tag >>> (16 + 4 * i)) & 0xF];
            c[9 - i] = HEX[(tag >>> (4 * i)) & 0xF];
        }
        return new String(c);
    }

    @Override
    public int compareTo(Tag o) {
        return Integer.compareUnsigned(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tag && ((Tag) o).value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    /** {@code (GGGG,EEEE)}, upper-case hexadecimal. */
    @Override
    public String toString() {
        return toString(value);
    }
}
