package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.deident.profile.TextCleaner;

/** Clean Descriptors (behaviour 23): what research needs stays, what identifies goes. */
class TextCleanerTest {

    private final TextCleaner c = TextCleaner.forIdentifiers(List.of("DOE^JOHNATHAN", "PAT7654321", "19500315"));

    @Test
    void safeDescriptionsAreKeptAsTheyAre() {
        for (String s : List.of("CT CHEST ABDOMEN", "AXIAL 5mm", "T2 FLAIR AX", "DWI b1000", "Thorax 1.0 B70f",
                "SAG T1 MPRAGE", "PET WB (AC)", "3D TOF", "Lung 1.25mm", "Isocenter 1", "CTV 60Gy", "PTV_High")) {
            assertEquals(s, c.clean(s), s);
        }
    }

    @Test
    void namesIdsAndDatesAreRemoved() {
        assertEquals("CT CHEST", c.clean("CT CHEST Doe Johnathan"));
        assertEquals("CT", c.clean("CT 12.03.2021"));
        assertEquals("CT", c.clean("CT 2021-03-12 10:15"));
        assertEquals("MRN", c.clean("MRN 1234567"));
        assertEquals("ID", c.clean("ID AB12345X"));
        assertEquals("seen by", c.clean("seen by Dr. Smith"));
        assertEquals("CT", c.clean("CT 20210312"));
        assertEquals("", c.clean("SMITH^JOHN"));
        assertEquals("follow-up", c.clean("follow-up 2019"));
        assertEquals("CT", c.clean("CT PAT7654321"));
    }
}
