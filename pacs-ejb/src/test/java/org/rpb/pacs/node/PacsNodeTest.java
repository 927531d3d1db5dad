package org.rpb.pacs.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Validation of PACS node configurations. */
class PacsNodeTest {

    private static PacsNode node(String ae, int port, String url) {
        return new PacsNode(null, "Research", NodeRole.RESEARCH, ae, "127.0.0.1", port, "RPB_PACS", 5000, 30000, url);
    }

    @Test
    void validNodeKeepsItsValues() {
        PacsNode n = node("ORTHANC_RES", 4242, "http://127.0.0.1:8042/dicom-web");
        assertEquals("ORTHANC_RES", n.aeTitle());
        assertEquals(7L, n.withId(7L).id());
        assertNull(node("A", 1, " ").dicomwebUrl(), "a blank URL means none");
        node("ABCDEFGHIJKLMNOP", 65535, null);
    }

    @Test
    void badAeTitlesPortsAndUrlsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> node("", 104, null)).getMessage().contains("aeTitle"));
        assertThrows(IllegalArgumentException.class, () -> node("ABCDEFGHIJKLMNOPQ", 104, null));
        assertThrows(IllegalArgumentException.class, () -> node("   ", 104, null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> node("A\\B", 104, null)).getMessage().contains("position 2"));
        assertThrows(IllegalArgumentException.class, () -> node("ÄBC", 104, null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> node("A", 0, null)).getMessage().contains("port"));
        assertThrows(IllegalArgumentException.class, () -> node("A", 65536, null));
        assertThrows(IllegalArgumentException.class, () -> node("A", 104, "ftp://x/"));
        assertThrows(IllegalArgumentException.class, () -> new PacsNode(null, "R", NodeRole.RESEARCH, "A", "h", 104, "B", 0, 1, null));
    }
}
