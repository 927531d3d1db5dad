package org.rpb.pacs.core.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One C-FIND response identifier (or QIDO-RS result), as tag to string value. Multiple values are
 * joined with a backslash, person names are in their DICOM form ({@code Family^Given}). Attributes
 * the peer returned empty map to "".
 *
 * @param level  the level of the query that produced it
 * @param values tag to value, in the order the peer sent them
 */
public record FindMatch(QueryLevel level, Map<Integer, String> values) {

    /** Copies the map so that the record is immutable. */
    public FindMatch {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @return the value of a tag, or "" if absent */
    public String get(int tag) {
        String v = values.get(tag);
        return v == null ? "" : v;
    }

    /** @return the value of a tag as an int, or -1 if absent, empty or not a number */
    public int getInt(int tag) {
        String v = get(tag).trim();
        if (v.isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
