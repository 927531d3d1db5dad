package org.rpb.pacs.deident.manifest;

import java.util.Collections;
import java.util.Map;
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
     * Copies the maps, sorted for stable output; the copy of a sorted map (another crosswalk's: its maps are sorted
     * views) takes linear time.
     */
    public Crosswalk {
        uids = Collections.unmodifiableSortedMap(new TreeMap<>(uids));
        patients = Collections.unmodifiableSortedMap(new TreeMap<>(patients));
    }

    /**
     * The union of many crosswalks, built in one pass.
     *
     * @param parts the crosswalks
     * @return their union
     */
    public static Crosswalk union(Iterable<Crosswalk> parts) {
        TreeMap<String, String> u = new TreeMap<>();
        TreeMap<String, String> p = new TreeMap<>();
        for (Crosswalk c : parts) {
            u.putAll(c.uids);
            p.putAll(c.patients);
        }
        return new Crosswalk(u, p);
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
