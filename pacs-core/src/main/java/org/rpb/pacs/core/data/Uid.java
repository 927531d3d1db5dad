package org.rpb.pacs.core.data;

import java.math.BigInteger;
import java.util.UUID;

/**
 * A validated DICOM unique identifier (PS3.5 9.1): 1 to 64 characters, components of digits separated by single
 * dots, no component with a leading zero unless it is exactly "0".
 */
public final class Uid implements Comparable<Uid> {

    private final String value;

    private Uid(String value) {
        this.value = value;
    }

    /**
     * Returns the UID {@code value} (one trailing NUL or space padding byte is removed first).
     *
     * @throws IllegalArgumentException naming the rule that {@code value} breaks
     */
    public static Uid of(String value) {
        String v = trimPadding(value);
        String problem = problem(v);
        if (problem != null) {
            throw new IllegalArgumentException("invalid UID (" + problem + ")");
        }
        return new Uid(v);
    }

    /** True if {@code value} (without padding) is a valid UID. */
    public static boolean isValid(String value) {
        return value != null && problem(trimPadding(value)) == null;
    }

    /** A new UID under the UUID-derived root 2.25 (PS3.5 B.2), unique without a registered root. */
    public static Uid generate() {
        UUID u = UUID.randomUUID();
        BigInteger hi = BigInteger.valueOf(u.getMostSignificantBits()).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        BigInteger lo = BigInteger.valueOf(u.getLeastSignificantBits()).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        return new Uid("2.25." + hi.shiftLeft(64).or(lo));
    }

    private static String trimPadding(String v) {
        if (v != null && !v.isEmpty()) {
            char last = v.charAt(v.length() - 1);
            if (last == 0 || last == ' ') {
                return v.substring(0, v.length() - 1);
            }
        }
        return v;
    }

    private static String problem(String v) {
        if (v == null || v.isEmpty()) {
            return "empty";
        }
        if (v.length() > 64) {
            return "longer than 64 characters";
        }
        int componentStart = 0;
        for (int i = 0; i <= v.length(); i++) {
            char c = i < v.length() ? v.charAt(i) : '.';
            if (c == '.') {
                int len = i - componentStart;
                if (len == 0) {
                    return "empty component";
                }
                if (len > 1 && v.charAt(componentStart) == '0') {
                    return "component with a leading zero";
                }
                componentStart = i + 1;
            } else if (c < '0' || c > '9') {
                return "character other than digit or dot";
            }
        }
        return null;
    }

    /** The UID text without padding. */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(Uid o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Uid && ((Uid) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
