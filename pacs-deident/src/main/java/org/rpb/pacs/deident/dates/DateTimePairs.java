package org.rpb.pacs.deident.dates;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The DA and TM attributes that together name one instant (Study Date and Study Time, Patient's Birth Date and
 * Time, ...), from the resource {@code date-time-pairs.txt} generated from the PS3.6 dictionary. Immutable.
 */
public final class DateTimePairs {

    /** Date tags ascending with their time tags, and time tags ascending with their date tags. */
    private final int[] dateTags;
    private final int[] timesOfDates;
    private final int[] timeTags;
    private final int[] datesOfTimes;

    private DateTimePairs(Map<Integer, Integer> pairs) {
        this.dateTags = pairs.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.timesOfDates = new int[dateTags.length];
        for (int i = 0; i < dateTags.length; i++) {
            timesOfDates[i] = pairs.get(dateTags[i]);
        }
        Map<Integer, Integer> d = new HashMap<>();
        pairs.forEach((da, tm) -> d.put(tm, da));
        this.timeTags = d.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.datesOfTimes = new int[timeTags.length];
        for (int i = 0; i < timeTags.length; i++) {
            datesOfTimes[i] = d.get(timeTags[i]);
        }
    }

    /** @return the bundled pairs, read once per class loader (immutable) */
    public static DateTimePairs bundled() {
        return Bundled.PAIRS;
    }

    /** Holds the bundled pairs, read when first asked for. */
    private static final class Bundled {
        static final DateTimePairs PAIRS = read();
    }

    private static DateTimePairs read() {
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
        int t = timeTagOf(dateTag);
        return t < 0 ? null : t;
    }

    /**
     * @param dateTag a DA attribute
     * @return its TM attribute, or -1 (no boxing: asked for every date of every file)
     */
    public int timeTagOf(int dateTag) {
        int i = Arrays.binarySearch(dateTags, dateTag);
        return i < 0 ? -1 : timesOfDates[i];
    }

    /**
     * @param timeTag a TM attribute
     * @return its DA attribute, or null
     */
    public Integer dateOf(int timeTag) {
        int d = dateTagOf(timeTag);
        return d < 0 ? null : d;
    }

    /**
     * @param timeTag a TM attribute
     * @return its DA attribute, or -1 (no boxing: asked for every time of every file)
     */
    public int dateTagOf(int timeTag) {
        int i = Arrays.binarySearch(timeTags, timeTag);
        return i < 0 ? -1 : datesOfTimes[i];
    }

    /** @return the number of pairs */
    public int size() {
        return dateTags.length;
    }
}
