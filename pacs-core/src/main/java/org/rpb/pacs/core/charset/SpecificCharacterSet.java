package org.rpb.pacs.core.charset;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.rpb.pacs.core.data.VR;

/**
 * A value of Specific Character Set (0008,0005) and the decoding and encoding of text under it (PS3.3 C.12.1.1.2,
 * PS3.5 6.1): all single-byte defined terms (ISO_IR 100 … 203, ISO_IR 13, ISO_IR 166), UTF-8 (ISO_IR 192),
 * GB18030 and GBK, and ISO 2022 code extensions with escape sequences (Japanese IR 13/87/159, Korean IR 149,
 * Chinese IR 58, and the ISO 8859 G1 sets). Immutable.
 *
 * <p>Decoding of the default repertoire accepts bytes above 0x7F as ISO 8859-1, as most toolkits do; encoding
 * refuses what the character set cannot represent.</p>
 */
public final class SpecificCharacterSet {

    /** The default repertoire (ISO_IR 6, ASCII), used when (0008,0005) is absent or empty. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(new String[] {""});

    private static final byte ESC = 0x1B;

    /** A coded character set that can be designated to G0 or G1. */
    private enum Cs {
        ASCII(false, 1, "(B", "US-ASCII"),
        JIS_ROMAN(false, 1, "(J", "US-ASCII"),
        JIS_KATAKANA(true, 1, ")I", null),
        JIS_X0208(false, 2, "$B", "EUC-JP"),
        JIS_X0212(false, 2, "$(D", "EUC-JP"),
        KS_X1001(true, 2, "$)C", "EUC-KR"),
        GB2312(true, 2, "$)A", "GB2312"),
        LATIN1(true, 1, "-A", "ISO-8859-1"),
        LATIN2(true, 1, "-B", "ISO-8859-2"),
        LATIN3(true, 1, "-C", "ISO-8859-3"),
        LATIN4(true, 1, "-D", "ISO-8859-4"),
        CYRILLIC(true, 1, "-L", "ISO-8859-5"),
        ARABIC(true, 1, "-G", "ISO-8859-6"),
        GREEK(true, 1, "-F", "ISO-8859-7"),
        HEBREW(true, 1, "-H", "ISO-8859-8"),
        LATIN5(true, 1, "-M", "ISO-8859-9"),
        THAI(true, 1, "-T", "TIS-620"),
        LATIN9(true, 1, "-b", "ISO-8859-15");

        final boolean g1;
        final int bytesPerChar;
        final byte[] escape;
        final Charset charset;

        Cs(boolean g1, int bytesPerChar, String escape, String charset) {
            this.g1 = g1;
            this.bytesPerChar = bytesPerChar;
            this.escape = escape.getBytes(StandardCharsets.US_ASCII);
            this.charset = charset == null ? null : Charset.forName(charset);
        }
    }

    private final String[] terms;
    /** Non-null for a character set without code extensions (single byte, UTF-8, GB18030, GBK). */
    private final Charset simple;
    /** Non-null for ISO 2022: the sets the defined terms make available. */
    private final Cs[] extensionSets;
    private final Cs initialG0;
    private final Cs initialG1;
    private final boolean jisX0201;

    private SpecificCharacterSet(String[] terms) {
        this.terms = terms;
        String first = terms[0];
        boolean iso2022 = false;
        for (String t : terms) {
            if (t.startsWith("ISO 2022")) {
                iso2022 = true;
            }
        }
        if (!iso2022 || terms.length == 0) {
            jisX0201 = "ISO_IR 13".equals(first);
            simple = jisX0201 ? null : simpleCharset(first);
            extensionSets = jisX0201 ? new Cs[] {Cs.JIS_ROMAN, Cs.JIS_KATAKANA} : null;
            initialG0 = jisX0201 ? Cs.JIS_ROMAN : null;
            initialG1 = jisX0201 ? Cs.JIS_KATAKANA : null;
            return;
        }
        jisX0201 = false;
        simple = null;
        List<Cs> sets = new ArrayList<>();
        sets.add(Cs.ASCII);
        for (String t : terms) {
            for (Cs cs : setsOf(t)) {
                if (!sets.contains(cs)) {
                    sets.add(cs);
                }
            }
        }
        extensionSets = sets.toArray(new Cs[0]);
        Cs[] firstSets = setsOf(first);
        Cs g0 = Cs.ASCII;
        Cs g1 = null;
        for (Cs cs : firstSets) {
            if (cs.g1) {
                g1 = cs;
            } else {
                g0 = cs;
            }
        }
        initialG0 = g0;
        initialG1 = g1;
    }

    /**
     * The character set for these defined terms (the values of (0008,0005) in order; the first may be empty).
     * Unknown terms fall back to the default repertoire.
     */
    public static SpecificCharacterSet of(String... definedTerms) {
        if (definedTerms.length == 0) {
            return DEFAULT;
        }
        String[] t = new String[definedTerms.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = definedTerms[i] == null ? "" : definedTerms[i].strip();
        }
        if (t.length == 1 && (t[0].isEmpty() || "ISO_IR 6".equals(t[0]))) {
            return DEFAULT;
        }
        return new SpecificCharacterSet(t);
    }

    /** The character set for a raw (0008,0005) value, values separated by backslashes. */
    public static SpecificCharacterSet fromValue(String value) {
        String v = value == null ? "" : value;
        int end = v.length();
        while (end > 0 && (v.charAt(end - 1) == ' ' || v.charAt(end - 1) == 0)) {
            end--;
        }
        return of(v.substring(0, end).split("\\\\", -1));
    }

    /** The defined terms, as given. */
    public List<String> terms() {
        return List.of(terms);
    }

    /** True if this character set uses ISO 2022 code extensions (escape sequences). */
    public boolean isIso2022() {
        return simple == null && !jisX0201;
    }

    private static Charset simpleCharset(String term) {
        switch (term) {
            case "ISO_IR 100": return StandardCharsets.ISO_8859_1;
            case "ISO_IR 101": return Charset.forName("ISO-8859-2");
            case "ISO_IR 109": return Charset.forName("ISO-8859-3");
            case "ISO_IR 110": return Charset.forName("ISO-8859-4");
            case "ISO_IR 144": return Charset.forName("ISO-8859-5");
            case "ISO_IR 127": return Charset.forName("ISO-8859-6");
            case "ISO_IR 126": return Charset.forName("ISO-8859-7");
            case "ISO_IR 138": return Charset.forName("ISO-8859-8");
            case "ISO_IR 148": return Charset.forName("ISO-8859-9");
            case "ISO_IR 203": return Charset.forName("ISO-8859-15");
            case "ISO_IR 166": return Charset.forName("TIS-620");
            case "ISO_IR 192": return StandardCharsets.UTF_8;
            case "GB18030": return Charset.forName("GB18030");
            case "GBK": return Charset.forName("GBK");
            default: return StandardCharsets.ISO_8859_1;
        }
    }

    private static Cs[] setsOf(String term) {
        switch (term) {
            case "":
            case "ISO 2022 IR 6": return new Cs[] {Cs.ASCII};
            case "ISO 2022 IR 100": return new Cs[] {Cs.LATIN1};
            case "ISO 2022 IR 101": return new Cs[] {Cs.LATIN2};
            case "ISO 2022 IR 109": return new Cs[] {Cs.LATIN3};
            case "ISO 2022 IR 110": return new Cs[] {Cs.LATIN4};
            case "ISO 2022 IR 144": return new Cs[] {Cs.CYRILLIC};
            case "ISO 2022 IR 127": return new Cs[] {Cs.ARABIC};
            case "ISO 2022 IR 126": return new Cs[] {Cs.GREEK};
            case "ISO 2022 IR 138": return new Cs[] {Cs.HEBREW};
            case "ISO 2022 IR 148": return new Cs[] {Cs.LATIN5};
            case "ISO 2022 IR 203": return new Cs[] {Cs.LATIN9};
            case "ISO 2022 IR 166": return new Cs[] {Cs.THAI};
            case "ISO 2022 IR 13": return new Cs[] {Cs.JIS_ROMAN, Cs.JIS_KATAKANA};
            case "ISO 2022 IR 87": return new Cs[] {Cs.JIS_X0208};
            case "ISO 2022 IR 159": return new Cs[] {Cs.JIS_X0212};
            case "ISO 2022 IR 149": return new Cs[] {Cs.KS_X1001};
            case "ISO 2022 IR 58": return new Cs[] {Cs.GB2312};
            default: return new Cs[0];
        }
    }

    /** Decodes a whole text value of VR {@code vr} (padding is kept; callers trim). */
    public String decode(byte[] value, VR vr) {
        return decode(value, 0, value.length, vr);
    }

    /** Decodes {@code length} bytes of a text value of VR {@code vr} starting at {@code offset}. */
    public String decode(byte[] value, int offset, int length, VR vr) {
        if (simple != null) {
            return new String(value, offset, length, simple);
        }
        StringBuilder out = new StringBuilder(length);
        Cs g0 = initialG0;
        Cs g1 = initialG1;
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = value[i] & 0xFF;
            if (b == ESC) {
                int consumed = 0;
                for (Cs cs : Cs.values()) {
                    if (matches(value, i + 1, end, cs.escape)) {
                        if (cs.g1) {
                            g1 = cs;
                        } else {
                            g0 = cs;
                        }
                        consumed = 1 + cs.escape.length;
                        break;
                    }
                }
                if (consumed == 0 && matches(value, i + 1, end, new byte[] {'$', '@'})) {
                    g0 = Cs.JIS_X0208;
                    consumed = 3;
                }
                if (consumed == 0) {
                    out.append('\u001B');
                    i++;
                } else {
                    i += consumed;
                }
                continue;
            }
            boolean inDoubleByteG0 = b >= 0x21 && b < 0x7F && g0.bytesPerChar == 2;
            if (!inDoubleByteG0 && isDelimiter(b, vr)) {
                // PS3.5 6.1.2.5.3: the initial designations return at each value and component delimiter
                g0 = initialG0;
                g1 = initialG1;
                out.append((char) b);
                i++;
                continue;
            }
            Cs cs = b < 0x80 ? g0 : (g1 != null ? g1 : Cs.LATIN1);
            int runEnd = i;
            while (runEnd < end) {
                int c = value[runEnd] & 0xFF;
                if (c == ESC || (c < 0x80) != (b < 0x80)) {
                    break;
                }
                boolean doubleByte = cs.bytesPerChar == 2 && !cs.g1;
                if (doubleByte ? c < 0x21 || c == 0x7F : isDelimiter(c, vr)) {
                    break;
                }
                runEnd++;
            }
            if (runEnd == i) {
                out.append((char) b);
                i++;
                continue;
            }
            decodeRun(cs, value, i, runEnd, out);
            i = runEnd;
        }
        return out.toString();
    }

    private boolean isDelimiter(int b, VR vr) {
        if (b == '\r' || b == '\n' || b == '\f' || b == '\t') {
            return true;
        }
        if (b == '\\') {
            return vr != VR.LT && vr != VR.ST && vr != VR.UT;
        }
        return vr == VR.PN && (b == '^' || b == '=');
    }

    private static boolean matches(byte[] v, int pos, int end, byte[] seq) {
        if (pos + seq.length > end) {
            return false;
        }
        for (int k = 0; k < seq.length; k++) {
            if (v[pos + k] != seq[k]) {
                return false;
            }
        }
        return true;
    }

    private static void decodeRun(Cs cs, byte[] v, int from, int to, StringBuilder out) {
        switch (cs) {
            case JIS_KATAKANA:
                for (int k = from; k < to; k++) {
                    int c = v[k] & 0xFF;
                    out.append(c >= 0xA1 && c <= 0xDF ? (char) (0xFF61 + c - 0xA1) : (char) c);
                }
                return;
            case JIS_X0208:
            case JIS_X0212: {
                // 7-bit pairs become EUC-JP by setting the high bit (JIS X 0212 takes the SS3 prefix 0x8F)
                boolean x0212 = cs == Cs.JIS_X0212;
                byte[] euc = new byte[(to - from) * (x0212 ? 3 : 2) / 2 + 2];
                int n = 0;
                for (int k = from; k + 1 < to; k += 2) {
                    if (x0212) {
                        euc[n++] = (byte) 0x8F;
                    }
                    euc[n++] = (byte) (v[k] | 0x80);
                    euc[n++] = (byte) (v[k + 1] | 0x80);
                }
                out.append(new String(euc, 0, n, cs.charset));
                if (((to - from) & 1) == 1) {
                    out.append((char) v[to - 1]);
                }
                return;
            }
            default:
                out.append(new String(v, from, to - from, cs.charset));
        }
    }

    /** True if {@link #encode} can represent {@code text}. */
    public boolean canEncode(String text) {
        try {
            encode(text, VR.LO);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Encodes {@code text} for a value of VR {@code vr} (no padding added). With ISO 2022 the escape sequences
     * needed are inserted and G0 returns to ASCII before each delimiter and at the end.
     *
     * @throws IllegalArgumentException if a character cannot be represented in this character set (the message
     *                                  names the character set, never the text)
     */
    public byte[] encode(String text, VR vr) {
        if (simple != null) {
            // the default repertoire is ASCII; bytes above 0x7F are only tolerated when reading
            Charset cs = terms.length == 1 && terms[0].isEmpty() ? StandardCharsets.US_ASCII : simple;
            CharsetEncoder enc = cs.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                ByteBuffer b = enc.encode(CharBuffer.wrap(text));
                return Arrays.copyOfRange(b.array(), b.position(), b.limit());
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("text cannot be encoded in specific character set " + terms());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 2);
        Cs g0 = initialG0;
        Cs g1 = initialG1;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x80 && isDelimiter(ch, vr)) {
                // PS3.5 6.1.2.5.3: before a delimiter, G0 returns to the initial set (ASCII, or JIS X 0201 for IR 13)
                if (g0 != initialG0 && !jisX0201) {
                    out.write(ESC);
                    out.writeBytes(initialG0.escape);
                }
                g0 = initialG0;
                g1 = initialG1;
                out.write(ch);
                continue;
            }
            if (ch < 0x80 && (g0 == Cs.ASCII || (g0 == Cs.JIS_ROMAN && ch != '\\' && ch != '~'))) {
                out.write(ch);
                continue;
            }
            boolean done = false;
            for (Cs cs : extensionSets) {
                byte[] b = encodeChar(cs, ch);
                if (b == null) {
                    continue;
                }
                if (cs.g1 ? g1 != cs : g0 != cs) {
                    if (!(jisX0201)) {
                        out.write(ESC);
                        out.writeBytes(cs.escape);
                    }
                    if (cs.g1) {
                        g1 = cs;
                    } else {
                        g0 = cs;
                    }
                }
                out.writeBytes(b);
                done = true;
                break;
            }
            if (!done) {
                throw new IllegalArgumentException("text cannot be encoded in specific character set " + terms());
            }
        }
        if (g0 != initialG0 && !jisX0201) {
            out.write(ESC);
            out.writeBytes(initialG0.escape);
        }
        return out.toByteArray();
    }

    private static byte[] encodeChar(Cs cs, char ch) {
        switch (cs) {
            case ASCII:
            case JIS_ROMAN:
                return ch < 0x80 ? new byte[] {(byte) ch} : null;
            case JIS_KATAKANA:
                return ch >= 0xFF61 && ch <= 0xFF9F ? new byte[] {(byte) (ch - 0xFF61 + 0xA1)} : null;
            default:
                break;
        }
        CharsetEncoder enc = cs.charset.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                .onMalformedInput(CodingErrorAction.REPORT);
        byte[] b;
        try {
            ByteBuffer bb = enc.encode(CharBuffer.wrap(new char[] {ch}));
            b = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
        } catch (CharacterCodingException e) {
            return null;
        }
        switch (cs) {
            case JIS_X0208:
                if (b.length != 2 || (b[0] & 0xFF) < 0xA1) {
                    return null;
                }
                return new byte[] {(byte) (b[0] & 0x7F), (byte) (b[1] & 0x7F)};
            case JIS_X0212:
                if (b.length != 3 || (b[0] & 0xFF) != 0x8F) {
                    return null;
                }
                return new byte[] {(byte) (b[1] & 0x7F), (byte) (b[2] & 0x7F)};
            case KS_X1001:
            case GB2312:
                return b.length == 2 && (b[0] & 0xFF) >= 0xA1 ? b : null;
            default:
                return b.length == 1 && (b[0] & 0xFF) >= 0xA0 ? b : null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet && Arrays.equals(((SpecificCharacterSet) o).terms, terms);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(terms);
    }

    @Override
    public String toString() {
        return String.join("\\", terms);
    }
}
