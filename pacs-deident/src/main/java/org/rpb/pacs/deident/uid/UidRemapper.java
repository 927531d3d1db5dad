package org.rpb.pacs.deident.uid;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyed, deterministic UID replacement: the new UID of {@code old} is {@code 2.25.} followed by the decimal
 * form of the first 128 bits of HMAC-SHA-256(project key, ASCII bytes of {@code old}). It depends only on the
 * old value and the key (never on the tag or level where the UID appears), so the same UID maps to the same new
 * UID in every run, process and year under one key, and to unrelated UIDs under two keys. A keyed hash, unlike
 * a plain one, cannot be reversed by hashing candidate UIDs.
 *
 * <p>Structural UIDs are never changed: values under {@code 1.2.840.10008.} (SOP classes, transfer syntaxes,
 * DICOM coding schemes and context groups) and the values of the structural attributes listed in
 * {@link #STRUCTURAL_TAGS}. Immutable and thread-safe (each call works on its own copy of the keyed MAC).
 */
public final class UidRemapper {

    /** The root of the DICOM standard's own UIDs; values under it are never remapped. */
    public static final String DICOM_ROOT = "1.2.840.10008.";

    /**
     * Attributes whose UIDs name a class, syntax, coding scheme, context group or mapping resource, not an
     * instance: Transfer Syntax, Media Storage SOP Class, Implementation Class, SOP Class, Referenced SOP Class,
     * Related General SOP Class, SOP Classes in Study, Coding Scheme UID, Context Group Extension Creator,
     * Context UID, Mapping Resource UID, Referenced SOP Class UID in File, Referenced Transfer Syntax UID in
     * File, MAC Calculation Transfer Syntax, Original Specialized SOP Class, Private Information Creator UID,
     * Encrypted Content Transfer Syntax.
     */
    public static final Set<Integer> STRUCTURAL_TAGS = Set.of(
            0x00020002, 0x00020010, 0x00020012, 0x00080016, 0x00081150, 0x0008001A, 0x00080062, 0x0008010C,
            0x0008010D, 0x00080117, 0x00080118, 0x00041510, 0x00041512, 0x04000010, 0x0008001B, 0x00020100,
            0x04000510);

    /** {@link #STRUCTURAL_TAGS} ascending, for {@link #isStructural} without boxing. */
    private static final int[] STRUCTURAL = STRUCTURAL_TAGS.stream().mapToInt(Integer::intValue).sorted().toArray();

    /**
     * @param tag an attribute
     * @return true if it is one of {@link #STRUCTURAL_TAGS} (asked for every UID of every file: no boxing)
     */
    public static boolean isStructural(int tag) {
        return java.util.Arrays.binarySearch(STRUCTURAL, tag) >= 0;
    }

    /** How many UIDs {@link #remap} remembers before it starts over: bounds the memory whatever the batch. */
    static final int CACHE_SIZE = 16_384;

    private final byte[] key;
    /**
     * Old UID to new UID: the study, series and frame of reference UIDs recur in every file of a series, and a
     * keyed hash with a 128-bit decimal costs more than the rest of a UID's work. Cleared when full.
     */
    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();
    /** Keyed once and never used itself: each call works on a copy, so instances stay thread-safe. */
    private final HmacSha256 prototype;

    /**
     * @param key the project secret key (at least 16 bytes); copied
     * @throws IllegalArgumentException for a shorter key
     */
    public UidRemapper(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("the project key must have at least 16 bytes");
        }
        this.key = key.clone();
        this.prototype = HmacSha256.of(this.key);
    }

    /**
     * A MAC keyed with the project key for the exclusive use of one thread (for example one instance's work).
     *
     * @return a new HMAC-SHA-256 instance
     */
    public HmacSha256 newMac() {
        return prototype.copy();
    }

    /**
     * @param tag the attribute holding the UID
     * @param uid the value
     * @return whether the value must be kept as it is (structural)
     */
    public static boolean isStructural(int tag, String uid) {
        return isStructural(tag) || uid.startsWith(DICOM_ROOT);
    }

    /**
     * The new UID for one value; structural values (under {@value #DICOM_ROOT}) and empty values come back
     * unchanged.
     *
     * @param old the old UID (trailing NUL/space padding is ignored)
     * @return the new UID, at most 44 characters
     */
    public String remap(String old) {
        String v = trim(old);
        if (v.isEmpty() || v.startsWith(DICOM_ROOT)) {
            return v;
        }
        String n = cache.get(v);
        if (n == null) {
            byte[] h = hmac(v.getBytes(StandardCharsets.US_ASCII));
            n = "2.25." + unsignedDecimal128(h);
            if (cache.size() >= CACHE_SIZE) {
                cache.clear();
            }
            cache.put(v, n);
        }
        return n;
    }

    /**
     * The first 16 bytes of {@code b} as an unsigned big-endian number in decimal, the same digits as
     * {@code new BigInteger(1, Arrays.copyOf(b, 16)).toString()} without the big number: long division of four
     * 32-bit limbs by 10^9, nine digits at a time.
     */
    static String unsignedDecimal128(byte[] b) {
        long[] limb = new long[4];
        for (int i = 0; i < 4; i++) {
            limb[i] = ((b[4 * i] & 0xFFL) << 24) | ((b[4 * i + 1] & 0xFFL) << 16) | ((b[4 * i + 2] & 0xFFL) << 8)
                    | (b[4 * i + 3] & 0xFFL);
        }
        int[] chunks = new int[5]; // 2^128 < 10^39: at most five chunks of nine digits, least significant first
        int n = 0;
        boolean zero;
        do {
            long rem = 0;
            zero = true;
            for (int i = 0; i < 4; i++) {
                long cur = (rem << 32) | limb[i]; // rem < 10^9 < 2^30: no overflow
                limb[i] = cur / 1_000_000_000L;
                rem = cur % 1_000_000_000L;
                zero &= limb[i] == 0;
            }
            chunks[n++] = (int) rem;
        } while (!zero);
        StringBuilder sb = new StringBuilder(39);
        sb.append(chunks[n - 1]);
        for (int i = n - 2; i >= 0; i--) {
            String s = Integer.toString(chunks[i]);
            for (int k = s.length(); k < 9; k++) {
                sb.append('0');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /**
     * Remaps a multi-valued UI value value by value.
     *
     * @param tag the attribute (structural attributes are returned unchanged)
     * @param value the backslash-separated values
     * @return the remapped values
     */
    public String remapValues(int tag, String value) {
        if (isStructural(tag)) {
            return value;
        }
        String[] parts = trim(value).split("\\\\", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            sb.append(remap(parts[i]));
        }
        return sb.toString();
    }

    /**
     * A keyed hash of any value, used where the manifest records what a value was without recording it, and to
     * derive per-patient values. Domain-separated from UID remapping by {@code purpose}.
     *
     * @param purpose a label that keeps different uses apart
     * @param value the value
     * @return 32 bytes of HMAC-SHA-256(key, purpose NUL value)
     */
    public byte[] keyedHash(String purpose, byte[] value) {
        byte[] p = purpose.getBytes(StandardCharsets.US_ASCII);
        byte[] msg = new byte[p.length + 1 + value.length];
        System.arraycopy(p, 0, msg, 0, p.length);
        System.arraycopy(value, 0, msg, p.length + 1, value.length);
        return hmac(msg);
    }

    private byte[] hmac(byte[] msg) {
        return newMac().doFinal(msg);
    }

    private static String trim(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == 0 || s.charAt(end - 1) == ' ')) {
            end--;
        }
        int start = 0;
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        return s.substring(start, end);
    }

    /**
     * Checks the UID syntax of PS3.5 9.1: digits and dots, at most 64 characters, no empty component, no
     * leading zero in a component of more than one digit.
     *
     * @param uid the value
     * @return whether it is a valid UID
     */
    public static boolean isValidUid(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64) {
            return false;
        }
        for (String c : uid.split("\\.", -1)) {
            if (c.isEmpty() || (c.length() > 1 && c.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < c.length(); i++) {
                if (c.charAt(i) < '0' || c.charAt(i) > '9') {
                    return false;
                }
            }
        }
        return true;
    }
}
