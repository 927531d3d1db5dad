package org.rpb.pacs.web.lookup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.rpb.pacs.lookup.StudyDetail;

/**
 * Flattens a study's RT references into the rows of a tree: the roots are the RT series no other series
 * references (usually the doses, or a plan without dose), each followed by what it references, one level
 * deeper. A series referenced from two places appears under both; a cycle in broken data is cut.
 */
final class ReferenceTree {
    private ReferenceTree() {
    }

    /**
     * @param detail the study
     * @return the rows, depth first
     */
    static List<ReferenceTreeRow> rows(StudyDetail detail) {
        Set<String> referenced = new HashSet<>();
        detail.series().forEach(s -> referenced.addAll(s.references()));
        List<ReferenceTreeRow> rows = new ArrayList<>();
        for (StudyDetail.Series s : detail.rtSeries()) {
            if (!referenced.contains(s.seriesInstanceUid())) {
                add(detail, s, 0, new HashSet<>(), rows);
            }
        }
        return rows;
    }

    private static void add(StudyDetail detail, StudyDetail.Series s, int depth, Set<String> path,
            List<ReferenceTreeRow> rows) {
        rows.add(new ReferenceTreeRow(s, depth));
        if (!path.add(s.seriesInstanceUid())) {
            return;
        }
        for (String uid : s.references()) {
            detail.series(uid).ifPresent(r -> add(detail, r, depth + 1, path, rows));
        }
        path.remove(s.seriesInstanceUid());
    }
}
