package org.rpb.pacs.deident.dates;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The DA and TM attributes that together name one instant (Study Date and Study Time, Patient's Birth Date and
 * Time, ...), from the resource {@code date-time-pairs.txt} generated from the PS3.6 dictionary. Immutable.
 */
public final class DateTimePairs {

    private final Map<Integer, Integer> pairs;
    private final Map<Integer, Integer> dates;

    private DateTimePairs(Map<Integer, Integer> pairs) {
        this.pairs = Map.copyOf(pairs);
        Map<Integer, Integer> d = new HashMap<>();
        pairs.forEach((da, tm) -> d.put(tm, da));
        this.dates = Map.copyOf(d);
    }

    /** @return the bundled pairs */
    public static DateTimePairs bundled() {
        Map<Integer, Integer> m = new HashMap<>();
        try (InputStream in = DateTimePairs.class.getResourceAsStream("date-time-pairs.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource date-time-pairs.txt missing from the pacs-deident jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String l = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (l.isEmpty()) {
                    continue;
                }
                String[] p = l.split("\\s+");
                m.put(tag(p[0]), tag(p[1]));
            }
        } catch (IOException e) {
            throw new IllegalStateException("date-time-pairs.txt cannot be read", e);
        }
        return new DateTimePairs(m);
    }

    private static int tag(String s) {
        return (Integer.parseInt(s.substring(0, 4), 16) << 16) | Integer.parseInt(s.substring(5, 9), 16);
    }

    /**
     * @param dateTag a DA attribute
     * @return its TM attribute, or null
     */
    public Integer timeOf(int dateTag) {
        return pairs.get(dateTag);
    }

    /**
     * @param timeTag a TM attribute
     * @return its DA attribute, or null
     */
    public Integer dateOf(int timeTag) {
        return dates.get(timeTag);
    }

    /** @return the number of pairs */
    public int size() {
        return pairs.size();
    }
}
