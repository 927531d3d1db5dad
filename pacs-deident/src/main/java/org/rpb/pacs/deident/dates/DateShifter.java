package org.rpb.pacs.deident.dates;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Shifts DA, TM and DT values by a {@link DateOffset}, keeping the format and precision of each value.
 *
 * <ul>
 * <li>DA alone moves by the whole days of the offset;</li>
 * <li>a DA with its TM (a date and time pair of one instant) moves as one instant: the time moves by the
 * seconds of the offset and, when it crosses midnight, the date moves one day more
 * ({@link #shiftPair});</li>
 * <li>TM alone moves by the seconds of the offset, modulo a day, so that two times of one patient (a PET
 * injection time and the series time) keep their interval;</li>
 * <li>DT moves as an instant; its precision, fraction and UTC offset suffix are kept; a DT of year or month
 * precision moves by whole days and is then cut back to its precision.</li>
 * </ul>
 * Multi-valued values are shifted value by value. A value that is not a date/time of the VR cannot be shifted
 * safely: {@link UnshiftableException} is thrown and the caller removes it. Stateless and thread-safe.
 */
public final class DateShifter {

    private final DateOffset offset;

    /**
     * @param offset the patient's offset
     */
    public DateShifter(DateOffset offset) {
        this.offset = offset;
    }

    /** @return the offset */
    public DateOffset offset() {
        return offset;
    }

    /** A value that is not a valid date or time of its VR. */
    public static final class UnshiftableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnshiftableException(String reason) {
            super(reason);
        }
    }

    /**
     * Shifts a (possibly multi-valued) DA value by the days of the offset.
     *
     * @param value e.g. {@code 20240131} or {@code 20240131\20240201}
     * @return the shifted value
     * @throws UnshiftableException when a value is not a date
     */
    public String shiftDA(String value) throws UnshiftableException {
        return each(value, v -> format(date(v).plusDays(offset.days()), v));
    }

    /**
     * Shifts a (possibly multi-valued) TM value by the seconds of the offset, modulo a day.
     *
     * @param value e.g. {@code 142310.25}
     * @return the shifted value with the same precision
     * @throws UnshiftableException when a value is not a time
     */
    public String shiftTM(String value) throws UnshiftableException {
        return each(value, v -> {
            Tm t = Tm.parse(v);
            LocalTime s = t.time.plusSeconds(offset.seconds());
            return t.format(s);
        });
    }

    /**
     * Shifts a date and its time as one instant.
     *
     * @param da a single DA value
     * @param tm a single TM value
     * @return the shifted pair {date, time}
     * @throws UnshiftableException when either is not valid
     */
    public String[] shiftPair(String da, String tm) throws UnshiftableException {
        LocalDate d = date(da.trim());
        Tm t = Tm.parse(tm.trim());
        LocalDateTime x = LocalDateTime.of(d, t.time).plusDays(offset.days()).plusSeconds(offset.seconds());
        return new String[] {format(x.toLocalDate(), da.trim()), t.format(x.toLocalTime())};
    }

    /**
     * Shifts a (possibly multi-valued) DT value as an instant.
     *
     * @param value e.g. {@code 20240131235959.123456+0100}
     * @return the shifted value with the same precision and suffix
     * @throws UnshiftableException when a value is not a date-time
     */
    public String shiftDT(String value) throws UnshiftableException {
        return each(value, this::shiftOneDT);
    }

    private String shiftOneDT(String v) throws UnshiftableException {
        String body = v;
        String suffix = "";
        int z = Math.max(v.indexOf('+', 4), v.indexOf('-', 4));
        if (z > 0) {
            body = v.substring(0, z);
            suffix = v.substring(z);
        }
        int dot = body.indexOf('.');
        String main = dot >= 0 ? body.substring(0, dot) : body;
        String frac = dot >= 0 ? body.substring(dot) : "";
        if (!allDigits(main)) {
            throw new UnshiftableException("not a DT value");
        }
        int n = main.length();
        try {
            if (n == 4 || n == 6) {
                LocalDate d = LocalDate.of(Integer.parseInt(main.substring(0, 4)),
                        n == 6 ? Integer.parseInt(main.substring(4, 6)) : 1, 1).plusDays(offset.days());
                String out = digits(d.getYear(), 4) + (n == 6 ? digits(d.getMonthValue(), 2) : "");
                return out + frac + suffix;
            }
            if (n < 8 || n > 14 || (n & 1) == 1) {
                throw new UnshiftableException("DT of unexpected length");
            }
            LocalDate d = LocalDate.of(Integer.parseInt(main.substring(0, 4)), Integer.parseInt(main.substring(4, 6)),
                    Integer.parseInt(main.substring(6, 8)));
            int hh = n >= 10 ? Integer.parseInt(main.substring(8, 10)) : 0;
            int mm = n >= 12 ? Integer.parseInt(main.substring(10, 12)) : 0;
            int ss = n >= 14 ? Math.min(59, Integer.parseInt(main.substring(12, 14))) : 0;
            LocalDateTime x = LocalDateTime.of(d, LocalTime.of(hh, mm, ss));
            x = n == 8 ? x.plusDays(offset.days()) : x.plusDays(offset.days()).plusSeconds(offset.seconds());
            String full = digits(x.getYear(), 4) + digits(x.getMonthValue(), 2) + digits(x.getDayOfMonth(), 2)
                    + digits(x.getHour(), 2) + digits(x.getMinute(), 2) + digits(x.getSecond(), 2);
            return full.substring(0, n) + frac + suffix;
        } catch (RuntimeException e) {
            throw new UnshiftableException("not a valid DT value");
        }
    }

    private interface One {
        String apply(String v) throws UnshiftableException;
    }

    private static String each(String value, One f) throws UnshiftableException {
        String[] parts = value.split("\\\\", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            String p = parts[i].trim();
            if (!p.isEmpty()) {
                int dash = p.indexOf('-');
                // a range (as in query keys) shifts both ends
                if (dash > 0 && dash < p.length() - 1 && p.length() > 8 && p.charAt(0) != '-' && isRange(p)) {
                    sb.append(f.apply(p.substring(0, dash))).append('-').append(f.apply(p.substring(dash + 1)));
                } else {
                    sb.append(f.apply(p));
                }
            }
        }
        return sb.toString();
    }

    private static boolean isRange(String p) {
        int dash = p.indexOf('-');
        String a = p.substring(0, dash);
        String b = p.substring(dash + 1);
        return a.length() == b.length() && a.length() == 8;
    }

    private static LocalDate date(String v) throws UnshiftableException {
        String s = v.trim();
        try {
            if (s.length() == 8) {
                return LocalDate.of(number(s, 0, 4), number(s, 4, 6), number(s, 6, 8));
            }
            if (s.length() == 10 && s.charAt(4) == '.' && s.charAt(7) == '.') {
                return LocalDate.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10));
            }
        } catch (RuntimeException e) {
            throw new UnshiftableException("not a valid DA value");
        }
        throw new UnshiftableException("not a DA value");
    }

    private static String format(LocalDate d, String like) {
        int y = d.getYear();
        if (y < 0 || y > 9999) {
            return like.length() == 10
                    ? digits(y, 4) + "." + digits(d.getMonthValue(), 2) + "." + digits(d.getDayOfMonth(), 2)
                    : digits(y, 4) + digits(d.getMonthValue(), 2) + digits(d.getDayOfMonth(), 2);
        }
        // the usual case in one array: a formatter, or three strings and their concatenation, cost more than
        // the rest of a shift
        boolean dots = like.length() == 10;
        char[] c = new char[dots ? 10 : 8];
        int i = put(c, 0, y, 4);
        if (dots) {
            c[i++] = '.';
        }
        i = put(c, i, d.getMonthValue(), 2);
        if (dots) {
            c[i++] = '.';
        }
        put(c, i, d.getDayOfMonth(), 2);
        return new String(c);
    }

    /** Writes {@code v} (0 to 10^width - 1) zero-padded into {@code c} at {@code at}; returns the index after it. */
    private static int put(char[] c, int at, int v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return at + width;
    }

    /** {@code v} zero-padded to {@code width} digits; a formatter costs more than the rest of a shift. */
    private static String digits(int v, int width) {
        String s = Integer.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    /**
     * The number written in {@code s[from, to)}: read directly when it is ASCII digits (the usual case), else
     * by {@link Integer#parseInt} as before (which also reads signs and other scripts' digits, or throws).
     */
    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return Integer.parseInt(s.substring(from, to));
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    /** True if every char of {@code s} is a digit ({@link Character#isDigit}), without a stream per value. */
    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A TM value with the precision it was written in. */
    private record Tm(LocalTime time, int digits, String fraction, boolean colons) {

        static Tm parse(String v) throws UnshiftableException {
            String s = v.trim();
            boolean colons = s.indexOf(':') >= 0;
            if (colons) {
                s = s.replace(":", "");
            }
            int dot = s.indexOf('.');
            String main = dot >= 0 ? s.substring(0, dot) : s;
            String frac = dot >= 0 ? s.substring(dot) : "";
            int n = main.length();
            if (n != 2 && n != 4 && n != 6 || !allDigits(main)) {
                throw new UnshiftableException("not a TM value");
            }
            try {
                int hh = number(main, 0, 2);
                int mm = n >= 4 ? number(main, 2, 4) : 0;
                int ss = n >= 6 ? Math.min(59, number(main, 4, 6)) : 0;
                if (frac.length() > 1 && !allDigits(frac.substring(1))) {
                    throw new UnshiftableException("not a TM value");
                }
                return new Tm(LocalTime.of(hh, mm, ss), n, frac, colons);
            } catch (java.time.DateTimeException | NumberFormatException e) {
                throw new UnshiftableException("not a valid TM value");
            }
        }

        String format(LocalTime t) {
            char[] c = new char[6];
            put(c, put(c, put(c, 0, t.getHour(), 2), t.getMinute(), 2), t.getSecond(), 2);
            String main = new String(c, 0, digits);
            if (colons) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < main.length(); i += 2) {
                    if (i > 0) {
                        sb.append(':');
                    }
                    sb.append(main, i, i + 2);
                }
                main = sb.toString();
            }
            return main + fraction;
        }
    }
}
