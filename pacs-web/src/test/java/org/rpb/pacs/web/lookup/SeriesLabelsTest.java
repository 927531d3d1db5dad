package org.rpb.pacs.web.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.lookup.StudyDetail;

class SeriesLabelsTest {

    @Test
    void aSeriesIsNamedByModalityNumberDescriptionAndInstances() {
        assertEquals("CT #2 Thorax (120)", SeriesLabels.label(series("1", "CT", 2, "Thorax", 120)));
        assertEquals("RTPLAN (1)", SeriesLabels.label(series("2", "RTPLAN", -1, " ", 1)),
                "no number (-1), blank description");
        assertEquals("MR #0 (3)", SeriesLabels.label(series("3", "MR", 0, null, 3)), "number 0 is a number");
    }

    @Test
    void referencesAreLabelledAndUnknownOnesStayUids() {
        StudyDetail d = new StudyDetail("PID-1", "S-1", "1.2", "20240101", "", "CT\\RTSTRUCT",
                List.of(series("1.2.1", "CT", 1, "Planning", 90), series("1.2.2", "RTSTRUCT", 2, "", 1)), null);
        assertEquals("CT #1 Planning (90), 9.9.9", SeriesLabels.labels(d, List.of("1.2.1", "9.9.9")));
        assertEquals("", SeriesLabels.labels(d, List.of()));
    }

    @Test
    void modalitiesInStudyAreSeparatedByCommas() {
        assertEquals("CT, RTSTRUCT, RTPLAN", SeriesLabels.modalities("CT\\RTSTRUCT\\RTPLAN"));
        assertEquals("MR", SeriesLabels.modalities("MR"));
        assertEquals("", SeriesLabels.modalities(null));
        assertEquals("", SeriesLabels.modalities(""));
    }

    static StudyDetail.Series series(String uid, String modality, int number, String description, int instances,
            String... references) {
        return new StudyDetail.Series(uid, modality, number, description, instances, "20240101", null, List.of(),
                List.of(references));
    }
}
