package org.rpb.pacs.web.copy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rpb.pacs.lookup.Study0Copy;

/**
 * The copy jobs the copy page's choice makes: one per Study0 copy with chosen series, in table order. Plain logic,
 * apart from the page, so that it is tested without a server.
 */
final class CopyPlan {

    static final String NOTHING_CHOSEN = "Choose at least one series to copy.";
    static final String ONE_STUDY_PER_SLOT = "An upload slot holds one study: choose series of one Study0 copy to "
            + "fill a slot, or no slot.";

    private CopyPlan() {
    }

    /**
     * @param copies   the patient's Study0 copies, or null before they were listed
     * @param selected chosen flags by Series Instance UID
     * @return the chosen series by Study Instance UID of their Study0 copy, studies and series in table order
     */
    static Map<String, List<String>> of(List<Study0Copy> copies, Map<String, Boolean> selected) {
        Map<String, List<String>> plan = new LinkedHashMap<>();
        if (copies == null) {
            return plan;
        }
        for (Study0Copy c : copies) {
            List<String> series = c.series().stream().map(Study0Copy.Series::seriesInstanceUid)
                    .filter(u -> Boolean.TRUE.equals(selected.get(u))).toList();
            if (!series.isEmpty()) {
                plan.put(c.studyInstanceUid(), series);
            }
        }
        return plan;
    }

    /**
     * @param plan   what {@link #of} made
     * @param slotId the slot to fill, or null
     * @return why the plan cannot be started, or empty
     */
    static Optional<String> problem(Map<String, List<String>> plan, Long slotId) {
        if (plan.isEmpty()) {
            return Optional.of(NOTHING_CHOSEN);
        }
        if (slotId != null && plan.size() > 1) {
            return Optional.of(ONE_STUDY_PER_SLOT);
        }
        return Optional.empty();
    }
}
