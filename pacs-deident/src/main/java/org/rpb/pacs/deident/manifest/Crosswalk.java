package org.rpb.pacs.deident.manifest;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.rpb.pacs.deident.json.Json;

/**
 * The link from original to new identifiers of a run: old UID to new UID and old Patient ID to new. It
 * re-identifies the data, so the project decides whether to keep it (in a safe place) or drop it. Immutable.
 *
 * @param uids old UID to new UID
 * @param patients old Patient ID to new Patient ID
 */
public record Crosswalk(Map<String, String> uids, Map<String, String> patients) {

    /**
     * Copies the maps, sorted for stable output (from a sorted map, such as another crosswalk's, in linear time:
     * the maps are sorted views).
     */
    public Crosswalk {
        uids = Collections.unmodifiableSortedMap(new TreeMap<>(uids));
        patients = Collections.unmodifiableSortedMap(new TreeMap<>(patients));
    }

    /**
     * The union of many crosswalks, built in one pass; where two give the same old identifier, the later one's
     * new identifier wins.
     *
     * @param parts the crosswalks
     * @return their union
     */
    public static Crosswalk union(Iterable<Crosswalk> parts) {
        Union u = new Union();
        for (Crosswalk c : parts) {
            u.add(c);
        }
        return u.build();
    }

    /**
     * A union built part by part, for a batch that adds each instance's crosswalk as it is done (while its maps are
     * still in the processor's cache: read again at the end of a batch of thousands, they cost more than their
     * copy); where two parts give the same old identifier, the later one's new identifier wins. Not thread-safe.
     */
    public static final class Union {
        private final Map<String, String> uids = new HashMap<>();
        private final Map<String, String> patients = new HashMap<>();

        /**
         * @param part a crosswalk to add
         * @return this union
         */
        public Union add(Crosswalk part) {
            uids.putAll(part.uids);
            patients.putAll(part.patients);
            return this;
        }

        /** @return the union of the parts added so far */
        public Crosswalk build() {
            return new Crosswalk(sorted(uids), sorted(patients));
        }
    }

    /**
     * The map as a sorted one that the constructor copies in linear time: the distinct keys sorted once instead of
     * a tree insertion per entry of every part (the batch's study and series UIDs come once per file), whose key
     * comparisons of long UIDs with a common root cost more than the rest of a batch's bookkeeping.
     */
    private static SortedMap<String, String> sorted(Map<String, String> m) {
        String[] keys = m.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        List<Map.Entry<String, String>> entries = new ArrayList<>(keys.length);
        for (String k : keys) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(k, m.get(k))); // a value may be null
        }
        return new SortedEntries(entries);
    }

    /** Entries already sorted by key without duplicates, a sorted map as TreeMap's copy constructor reads one. */
    private static final class SortedEntries extends AbstractMap<String, String> implements SortedMap<String, String> {
        private final List<Map.Entry<String, String>> entries;

        SortedEntries(List<Map.Entry<String, String>> entries) {
            this.entries = entries;
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<String, String>> iterator() {
                    return entries.iterator();
                }

                @Override
                public int size() {
                    return entries.size();
                }
            };
        }

        @Override
        public Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public SortedMap<String, String> subMap(String fromKey, String toKey) {
            return new TreeMap<>(this).subMap(fromKey, toKey);
        }

        @Override
        public SortedMap<String, String> headMap(String toKey) {
            return new TreeMap<>(this).headMap(toKey);
        }

        @Override
        public SortedMap<String, String> tailMap(String fromKey) {
            return new TreeMap<>(this).tailMap(fromKey);
        }

        @Override
        public String firstKey() {
            return entries.get(0).getKey();
        }

        @Override
        public String lastKey() {
            return entries.get(entries.size() - 1).getKey();
        }
    }

    /**
     * @param other another crosswalk
     * @return the union of both
     */
    public Crosswalk merge(Crosswalk other) {
        TreeMap<String, String> u = new TreeMap<>(uids);
        u.putAll(other.uids);
        TreeMap<String, String> p = new TreeMap<>(patients);
        p.putAll(other.patients);
        return new Crosswalk(u, p);
    }

    /** @return JSON lines: {@code {"kind":"uid","old":...,"new":...}} and {@code {"kind":"patient",...}} */
    public String toJsonLines() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : patients.entrySet()) {
            line(sb, "patient", e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : uids.entrySet()) {
            line(sb, "uid", e.getKey(), e.getValue());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String kind, String o, String n) {
        sb.append("{\"kind\":\"").append(kind).append("\",\"old\":");
        Json.quote(sb, o);
        sb.append(",\"new\":");
        Json.quote(sb, n);
        sb.append("}\n");
    }
}
