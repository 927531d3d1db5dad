package org.rpb.pacs.core.data;

/**
 * The value representations of PS3.5 table 6.2-1, with what the codec needs to know about each: the length of
 * its explicit VR header, its padding byte, and whether its value is text, fixed-size binary numbers or bulk bytes.
 */
public enum VR {
    AE(Kind.TEXT, 0), AS(Kind.TEXT, 0), AT(Kind.BINARY, 4), CS(Kind.TEXT, 0), DA(Kind.TEXT, 0), DS(Kind.TEXT, 0),
    DT(Kind.TEXT, 0), FD(Kind.BINARY, 8), FL(Kind.BINARY, 4), IS(Kind.TEXT, 0), LO(Kind.TEXT, 0), LT(Kind.TEXT, 0),
    OB(Kind.BULK, 1), OD(Kind.BULK, 8), OF(Kind.BULK, 4), OL(Kind.BULK, 4), OV(Kind.BULK, 8), OW(Kind.BULK, 2),
    PN(Kind.TEXT, 0), SH(Kind.TEXT, 0), SL(Kind.BINARY, 4), SQ(Kind.SEQUENCE, 0), SS(Kind.BINARY, 2),
    ST(Kind.TEXT, 0), SV(Kind.BINARY, 8), TM(Kind.TEXT, 0), UC(Kind.TEXT, 0), UI(Kind.TEXT, 0), UL(Kind.BINARY, 4),
    UN(Kind.BULK, 1), UR(Kind.TEXT, 0), US(Kind.BINARY, 2), UT(Kind.TEXT, 0), UV(Kind.BINARY, 8);

    private enum Kind { TEXT, BINARY, BULK, SEQUENCE }

    /** Lookup table indexed by {@code (c1 - 'A') * 26 + (c2 - 'A')}; never written after class initialisation. */
    private static final VR[] BY_CODE = new VR[26 * 26];

    static {
        for (VR vr : values()) {
            BY_CODE[(vr.name().charAt(0) - 'A') * 26 + (vr.name().charAt(1) - 'A')] = vr;
        }
    }

    private final Kind kind;
    private final int valueSize;
    private final int code;
    private final boolean longHeader;

    VR(Kind kind, int valueSize) {
        this.kind = kind;
        this.valueSize = valueSize;
        this.code = (name().charAt(0) << 8) | name().charAt(1);
        // PS3.5 7.1.2: these VRs have 2 reserved bytes and a 32-bit length in explicit VR
        this.longHeader = kind == Kind.BULK || kind == Kind.SEQUENCE
                || "UC".equals(name()) || "UR".equals(name()) || "UT".equals(name())
                || "SV".equals(name()) || "UV".equals(name());
    }

    /**
     * Returns the VR whose two ASCII characters are {@code c1 c2}, or {@code null} if the standard defines none.
     * Allocation-free, for the read loop.
     */
    public static VR fromCode(int c1, int c2) {
        int a = c1 - 'A';
        int b = c2 - 'A';
        if (a < 0 || a >= 26 || b < 0 || b >= 26) {
            return null;
        }
        return BY_CODE[a * 26 + b];
    }

    /**
     * Returns the VR named by {@code text} (for example {@code "PN"}).
     *
     * @throws IllegalArgumentException if no such VR is defined
     */
    public static VR of(String text) {
        VR vr = text.length() == 2 ? fromCode(text.charAt(0), text.charAt(1)) : null;
        if (vr == null) {
            throw new IllegalArgumentException("unknown VR: " + text);
        }
        return vr;
    }

    /** The two characters packed big-endian into an int, as they appear in an explicit VR header. */
    public int code() {
        return code;
    }

    /** 12 for OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV (32-bit length); 8 for the others (16-bit length). */
    public int explicitHeaderLength() {
        return longHeader ? 12 : 8;
    }

    /** True if an explicit VR header of this VR carries a 32-bit length. */
    public boolean hasLongHeader() {
        return longHeader;
    }

    /** The byte that pads an odd-length value to even length: space for text except UI, zero otherwise. */
    public byte paddingByte() {
        return kind == Kind.TEXT && this != UI ? (byte) ' ' : 0;
    }

    /** True for character string VRs (AE … UT). */
    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** True for fixed-size binary numbers (AT, FD, FL, SL, SS, SV, UL, US, UV). */
    public boolean isBinary() {
        return kind == Kind.BINARY;
    }

    /** True for byte and word streams (OB, OD, OF, OL, OV, OW, UN) that may be kept on disk as bulk data. */
    public boolean isBulk() {
        return kind == Kind.BULK;
    }

    /** True for SQ. */
    public boolean isSequence() {
        return kind == Kind.SEQUENCE;
    }

    /**
     * The size in bytes of one number, which is also the unit of byte swapping between little and big endian:
     * 2, 4 or 8 for numbers and word streams, 1 for OB and UN, 0 for text and SQ.
     */
    public int valueSize() {
        return valueSize;
    }

    /** True for texts whose whole value is one string that may contain backslashes (LT, ST, UT, UR). */
    public boolean isSingleValuedText() {
        return this == LT || this == ST || this == UT || this == UR;
    }
}
