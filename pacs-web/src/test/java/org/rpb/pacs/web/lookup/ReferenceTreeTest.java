package org.rpb.pacs.web.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rpb.pacs.web.lookup.SeriesLabelsTest.series;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.lookup.StudyDetail;

class ReferenceTreeTest {

    @Test
    void theDoseIsTheRootAndEachSeriesItReferencesOneLevelDeeper() {
        StudyDetail d = study(series("ct", "CT", 1, "", 90), series("rs", "RTSTRUCT", 2, "", 1, "ct"),
                series("rp", "RTPLAN", 3, "", 1, "rs"), series("rd", "RTDOSE", 4, "", 1, "rp"));
        assertEquals(List.of("rd@0", "rp@1", "rs@2", "ct@3"), rows(d));
    }

    @Test
    void aSeriesReferencedTwiceAppearsUnderBoth() {
        StudyDetail d = study(series("ct", "CT", 1, "", 90), series("rs", "RTSTRUCT", 2, "", 1, "ct"),
                series("rp1", "RTPLAN", 3, "", 1, "rs"), series("rp2", "RTPLAN", 4, "", 1, "rs"));
        assertEquals(List.of("rp1@0", "rs@1", "ct@2", "rp2@0", "rs@1", "ct@2"), rows(d));
    }

    @Test
    void aCycleInBrokenDataIsCut() {
        StudyDetail d = study(series("rp", "RTPLAN", 1, "", 1, "rs"), series("rs", "RTSTRUCT", 2, "", 1, "rp"),
                series("rd", "RTDOSE", 3, "", 1, "rp"));
        assertEquals(List.of("rd@0", "rp@1", "rs@2", "rp@3"), rows(d));
    }

    private static StudyDetail study(StudyDetail.Series... series) {
        return new StudyDetail("PID-1", "S-1", "1.2", "20240101", "", "", List.of(series), null);
    }

    private static List<String> rows(StudyDetail d) {
        return ReferenceTree.rows(d).stream().map(r -> r.series().seriesInstanceUid() + "@" + r.depth()).toList();
    }
}
