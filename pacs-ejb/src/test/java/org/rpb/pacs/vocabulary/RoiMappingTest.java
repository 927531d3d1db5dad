package org.rpb.pacs.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.deident.rt.RoiVocabulary;

class RoiMappingTest {

    @Test
    void bundledStandardNamesHoldTargetsAndOrgansAtRisk() {
        StandardRoiNames names = StandardRoiNames.bundled();
        for (String n : List.of("GTV", "CTV", "PTV", "SpinalCord", "Brainstem", "Parotid_L", "Parotid_R", "Lung_L",
                "Lung_R", "Heart", "Esophagus", "Rectum", "Bladder", "Femur_Head_L", "Femur_Head_R")) {
            assertTrue(names.contains(n), n);
        }
        assertEquals("target", names.find("PTV").orElseThrow().category());
        assertFalse(names.contains("parotid_l"), "standard names compare exactly");
        assertTrue(names.all().size() >= 40, "seeded list size " + names.all().size());
    }

    @Test
    void exactIgnoreCaseAndPatternRulesFirstMatchWins() {
        RoiMapping m = RoiMapping.of(List.of(
                new RoiMappingRule(MatchKind.EXACT, "Parotis li", "Parotid_L"),
                new RoiMappingRule(MatchKind.IGNORE_CASE, "myelon", "SpinalCord"),
                new RoiMappingRule(MatchKind.PATTERN, "ptv[ _-]?\\d*", "PTV"),
                new RoiMappingRule(MatchKind.PATTERN, "ptv.*", "PTVp")));
        assertEquals(Optional.of("Parotid_L"), m.standardNameFor("Parotis li"));
        assertEquals(Optional.empty(), m.standardNameFor("parotis li"), "exact is case-sensitive");
        assertEquals(Optional.of("SpinalCord"), m.standardNameFor(" MYELON "));
        assertEquals(Optional.of("PTV"), m.standardNameFor("PTV_1"));
        assertEquals(Optional.of("PTVp"), m.standardNameFor("PTV boost"), "first matching rule wins");
        assertEquals(Map.of("PTV_1", "PTV", "Myelon", "SpinalCord"),
                m.resolve(List.of("PTV_1", "Myelon", "Body")));
    }

    @Test
    void vocabularyForPacsDeidentCoversTheNamesFound() {
        RoiMapping m = RoiMapping.of(List.of(new RoiMappingRule(MatchKind.PATTERN, "isocenter \\d+", "Iso")));
        RoiVocabulary v = m.toVocabulary(List.of("Isocenter 1", "Isocenter 2", "patient"));
        assertEquals(2, v.size());
        assertEquals("Iso", v.standardName("Isocenter 2"));
        assertEquals(null, v.standardName("patient"));
        assertEquals(RoiVocabulary.NONE, m.toVocabulary(List.of("Body")));
    }

    @Test
    void invalidRulesAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RoiMappingRule(MatchKind.PATTERN, "ptv(", "PTV"));
        assertTrue(e.getMessage().contains("index"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RoiMappingRule(MatchKind.EXACT, " ", "PTV"));
        assertThrows(IllegalArgumentException.class, () -> new RoiMappingRule(MatchKind.EXACT, "x", "A".repeat(65)));
    }
}
