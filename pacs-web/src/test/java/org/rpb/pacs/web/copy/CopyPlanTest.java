package org.rpb.pacs.web.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.lookup.Study0Copy;

class CopyPlanTest {

    private static final List<Study0Copy> COPIES = List.of(
            study("1.2.1", "1.2.1.1", "1.2.1.2", "1.2.1.3"),
            study("1.2.2", "1.2.2.1"),
            study("1.2.3", "1.2.3.1", "1.2.3.2"));

    @Test
    void oneJobPerStudyWithChosenSeriesInTableOrder() {
        Map<String, Boolean> selected = new HashMap<>();
        selected.put("1.2.3.2", true);
        selected.put("1.2.1.3", true);
        selected.put("1.2.1.1", true);
        selected.put("1.2.2.1", false);
        Map<String, List<String>> plan = CopyPlan.of(COPIES, selected);
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("1.2.1", List.of("1.2.1.1", "1.2.1.3"));
        expected.put("1.2.3", List.of("1.2.3.2"));
        assertEquals(expected, plan);
        assertEquals(List.of("1.2.1", "1.2.3"), List.copyOf(plan.keySet()), "studies in table order");
        assertEquals(Optional.empty(), CopyPlan.problem(plan, null), "several studies without a slot");
    }

    @Test
    void nothingChosenIsRefused() {
        assertEquals(Optional.of(CopyPlan.NOTHING_CHOSEN), CopyPlan.problem(CopyPlan.of(COPIES, Map.of()), null));
        assertEquals(Optional.of(CopyPlan.NOTHING_CHOSEN), CopyPlan.problem(CopyPlan.of(null, Map.of("1.2.1.1", true)),
                null), "before the copies were listed");
        assertEquals(Optional.of(CopyPlan.NOTHING_CHOSEN),
                CopyPlan.problem(CopyPlan.of(COPIES, Map.of("1.2.1.1", false)), null), "a box ticked and unticked");
    }

    @Test
    void aSlotTakesTheSeriesOfOneStudyOnly() {
        Map<String, List<String>> two = CopyPlan.of(COPIES, Map.of("1.2.1.2", true, "1.2.2.1", true));
        assertEquals(Optional.of(CopyPlan.ONE_STUDY_PER_SLOT), CopyPlan.problem(two, 42L));
        Map<String, List<String>> one = CopyPlan.of(COPIES, Map.of("1.2.1.2", true, "1.2.1.3", true));
        assertEquals(Optional.empty(), CopyPlan.problem(one, 42L));
    }

    private static Study0Copy study(String uid, String... series) {
        return new Study0Copy(uid, "20240101", "study " + uid, java.util.Arrays.stream(series)
                .map(s -> new Study0Copy.Series(s, "CT", 1, "", null, null)).toList());
    }
}
