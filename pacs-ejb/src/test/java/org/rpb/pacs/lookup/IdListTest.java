package org.rpb.pacs.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdListTest {

    @Test
    void splitsOnCommasSpacesAndNewLinesKeepingOrderAndNonDigitIds() {
        assertEquals(List.of("KH-2024/0815", "PID0001", "12345", "RT-DD-001"),
                IdList.parse(" KH-2024/0815, PID0001\n12345;\tRT-DD-001\r\n\n,PID0001 "));
        assertEquals(List.of(), IdList.parse(" ,\n "));
        assertEquals(List.of(), IdList.parse(null));
    }

    @Test
    void hundredsOfIdsAreFineButNotMoreThanTheLimit() {
        String many = IntStream.range(0, 500).mapToObj(i -> "HIS" + i).collect(Collectors.joining("\n"));
        assertEquals(500, IdList.parse(many).size());
        String tooMany = IntStream.range(0, IdList.MAX + 1).mapToObj(i -> "H" + i).collect(Collectors.joining(","));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdList.parse(tooMany));
        assertEquals("at most 1000 identifiers per lookup, got 1001", e.getMessage());
    }
}
