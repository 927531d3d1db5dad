package org.rpb.pacs.deident.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The union of a batch's crosswalks: sorted, each old identifier once, the later part winning. */
class CrosswalkUnionTest {

    @Test
    void unionIsSortedDistinctAndTheLaterPartWins() {
        Crosswalk a = new Crosswalk(Map.of("1.2.10", "2.25.10", "1.2.9", "2.25.9", "1.2.3", "2.25.3"), Map.of("P1", "S1"));
        Crosswalk b = new Crosswalk(Map.of("1.2.3", "2.25.33", "1.2.100", "2.25.100"), Map.of("P1", "S2", "P0", "S0"));
        Crosswalk u = Crosswalk.union(List.of(a, b, new Crosswalk(Map.of(), Map.of())));
        assertEquals(List.of("1.2.10", "1.2.100", "1.2.3", "1.2.9"), new ArrayList<>(u.uids().keySet()));
        assertEquals("2.25.33", u.uids().get("1.2.3"));
        assertEquals(List.of("P0", "P1"), new ArrayList<>(u.patients().keySet()));
        assertEquals("S2", u.patients().get("P1"));
        assertThrows(UnsupportedOperationException.class, () -> u.uids().put("1.2.4", "x"));
        assertEquals(u, a.merge(b), "merge and union agree");
    }

    @Test
    void unionEqualsTreeMapAccumulationOnABatchOfManyParts() {
        List<Crosswalk> parts = new ArrayList<>();
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            Map<String, String> m = new HashMap<>();
            m.put("1.2.840.99." + (i % 7), "2.25.study" + (i % 7)); // shared by many files
            m.put("1.2.840.99.5." + i, "2.25.sop" + i + "." + (i / 50)); // later files give new values
            m.put("1.2.840.99.5." + (i % 50), "2.25.again" + i);
            parts.add(new Crosswalk(m, Map.of()));
            expected.putAll(m);
        }
        Crosswalk u = Crosswalk.union(parts);
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(u.uids().entrySet()));
    }
}
