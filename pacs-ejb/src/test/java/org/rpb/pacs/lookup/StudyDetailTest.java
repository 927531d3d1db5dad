package org.rpb.pacs.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StudyDetailTest {

    private static StudyDetail.Series series(String uid, String modality, String... refs) {
        return new StudyDetail.Series(uid, modality, 1, "", 1, "20240101", null, List.of(), List.of(refs));
    }

    private static final StudyDetail STUDY = new StudyDetail("PID-1", "S0-1", "1.2", "20240101", "", "CT RTSTRUCT",
            List.of(series("ct", "CT"), series("mr", "MR"), series("rs", "RTSTRUCT", "ct"), series("rp", "RTPLAN", "rs"),
                    series("rd", "RTDOSE", "rp"), series("loop", "RTPLAN", "loop2"), series("loop2", "RTSTRUCT", "loop")),
            null);

    @Test
    void aPlanBringsItsStructureSetAndThatOnesImages() {
        assertEquals(Set.of("rp", "rs", "ct"), STUDY.withReferences(List.of("rp")));
        assertEquals(Set.of("rd", "rp", "rs", "ct"), STUDY.withReferences(List.of("rd")));
        assertEquals(Set.of("mr"), STUDY.withReferences(List.of("mr")));
    }

    @Test
    void cyclesInBrokenDataEndAndUnknownSeriesStayAlone() {
        assertEquals(Set.of("loop", "loop2"), STUDY.withReferences(List.of("loop")));
        assertEquals(Set.of("other"), STUDY.withReferences(List.of("other")));
    }

    @Test
    void rtSeriesComeStructureSetsFirstThenPlansThenDoses() {
        assertEquals(List.of("rs", "loop2", "rp", "loop", "rd"),
                STUDY.rtSeries().stream().map(StudyDetail.Series::seriesInstanceUid).toList());
    }
}
