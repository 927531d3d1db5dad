package org.rpb.pacs.core.data;

import java.util.Map;
import java.util.Objects;

/**
 * A transfer syntax: how a data set is encoded. The standard defines every transfer syntax not listed here as
 * explicit VR little endian with encapsulated pixel data (PS3.5 A.4), which is what {@link #of(String)} assumes for
 * UIDs it does not know.
 */
public final class TransferSyntax {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", true, true, false, false);
    public static final TransferSyntax JPEG_BASELINE = encapsulated("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)");
    public static final TransferSyntax JPEG_EXTENDED = encapsulated("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)");
    public static final TransferSyntax JPEG_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)");
    public static final TransferSyntax JPEG_LOSSLESS_SV1 = encapsulated("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction");
    public static final TransferSyntax JPEG_LS_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless");
    public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)");
    public static final TransferSyntax JPEG_2000_LOSSLESS = encapsulated("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)");
    public static final TransferSyntax JPEG_2000 = encapsulated("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression");
    public static final TransferSyntax MPEG2 = encapsulated("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level");
    public static final TransferSyntax MPEG4 = encapsulated("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1");
    public static final TransferSyntax RLE_LOSSLESS = encapsulated("1.2.840.10008.1.2.5", "RLE Lossless");

    private static final Map<String, TransferSyntax> KNOWN = Map.ofEntries(
            e(IMPLICIT_VR_LITTLE_ENDIAN), e(EXPLICIT_VR_LITTLE_ENDIAN), e(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN),
            e(EXPLICIT_VR_BIG_ENDIAN), e(JPEG_BASELINE), e(JPEG_EXTENDED), e(JPEG_LOSSLESS), e(JPEG_LOSSLESS_SV1),
            e(JPEG_LS_LOSSLESS), e(JPEG_LS_NEAR_LOSSLESS), e(JPEG_2000_LOSSLESS), e(JPEG_2000), e(MPEG2), e(MPEG4),
            e(RLE_LOSSLESS));

    private final String uid;
    private final String name;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;
    private final boolean encapsulated;

    private TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian, boolean deflated,
                           boolean encapsulated) {
        this.uid = uid;
        this.name = name;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.encapsulated = encapsulated;
    }

    private static TransferSyntax encapsulated(String uid, String name) {
        return new TransferSyntax(uid, name, true, false, false, true);
    }

    private static Map.Entry<String, TransferSyntax> e(TransferSyntax ts) {
        return Map.entry(ts.uid, ts);
    }

    /**
     * Returns the transfer syntax with this UID (trailing NUL or space padding ignored). Unknown UIDs give an
     * explicit VR little endian, encapsulated transfer syntax, as PS3.5 A.4 requires of every compressed syntax.
     */
    public static TransferSyntax of(String uid) {
        String u = uid.trim();
        while (u.endsWith("\0")) {
            u = u.substring(0, u.length() - 1).trim();
        }
        TransferSyntax ts = KNOWN.get(u);
        return ts != null ? ts : new TransferSyntax(u, u, true, false, false, true);
    }

    /** True if this UID is one of the constants of this class. */
    public boolean isKnown() {
        return KNOWN.get(uid) == this;
    }

    public String uid() {
        return uid;
    }

    /** A human-readable name (the UID itself for unknown syntaxes). */
    public String name() {
        return name;
    }

    public boolean explicitVr() {
        return explicitVr;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    /** True if the data set after the file meta information is deflated (RFC 1951, no zlib header). */
    public boolean deflated() {
        return deflated;
    }

    /** True if pixel data is encapsulated in fragments (all compressed syntaxes). */
    public boolean encapsulated() {
        return encapsulated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransferSyntax && ((TransferSyntax) o).uid.equals(uid);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid);
    }

    @Override
    public String toString() {
        return name;
    }
}
