package org.rpb.pacs.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.vocabulary.MatchKind;
import org.rpb.pacs.vocabulary.RoiMappingRule;

class MappingRowTest {

    @Test
    void aRowBecomesARuleWithTheStandardNameTrimmed() {
        MappingRow row = new MappingRow();
        row.setSiteName("ptv 1");
        row.setStandardName("  PTV_High ");
        RoiMappingRule rule = row.toRule();
        assertEquals(MatchKind.IGNORE_CASE, rule.kind(), "a new row matches ignoring case");
        assertEquals("ptv 1", rule.siteName());
        assertEquals("PTV_High", rule.standardName());
        MappingRow back = new MappingRow(rule);
        assertEquals("PTV_High", back.getStandardName());
    }

    @Test
    void aBadRowIsRefusedNamingWhatIsWrong() {
        MappingRow empty = new MappingRow();
        empty.setStandardName("Heart");
        assertEquals("the site name or pattern is empty",
                assertThrows(IllegalArgumentException.class, empty::toRule).getMessage());
        MappingRow pattern = new MappingRow();
        pattern.setKind(MatchKind.PATTERN);
        pattern.setSiteName("ptv(");
        pattern.setStandardName("PTV");
        assertTrue(assertThrows(IllegalArgumentException.class, pattern::toRule).getMessage()
                .startsWith("pattern not valid at index"));
        MappingRow blank = new MappingRow();
        blank.setSiteName("heart");
        blank.setStandardName("   ");
        assertThrows(IllegalArgumentException.class, blank::toRule);
    }
}
