package org.rpb.pacs.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Tag, VR, Uid and TransferSyntax: parsing, validation, the facts the codec relies on. */
class ValueTypesTest {

    @Test
    void tags() {
        Tag t = Tag.parse("(0010,0010)");
        assertEquals(Tag.of(0x0010, 0x0010), t);
        assertEquals(t, Tag.parse("00100010"));
        assertEquals(t, Tag.parse("0010,0010"));
        assertEquals("(0010,0010)", t.toString());
        assertEquals("(7FE0,0010)", Tag.parse("(7fe0,0010)").toString());
        assertEquals(0x0010, t.group());
        assertEquals(0x0010, t.element());
        assertFalse(t.isPrivate());
        assertTrue(Tag.of(0x0009, 0x1001).isPrivate());
        assertTrue(Tag.of(0x0009, 0x0010).isPrivateCreator());
        assertFalse(Tag.of(0x0009, 0x1001).isPrivateCreator());
        assertFalse(Tag.of(0x0001, 0x0010).isPrivate(), "groups 1, 3, 5, 7 are not private");
        assertFalse(Tag.of(0xFFFF, 0x0010).isPrivate());
        assertTrue(Tag.of(0x0008, 0x0000).isGroupLength());
        assertTrue(Tag.ITEM.isItemOrDelimiter());
        // unsigned order: (FFFE,E000) sorts after (7FE0,0010)
        List<Tag> l = new ArrayList<>(List.of(Tag.ITEM, Tag.of(0x7FE0, 0x0010), Tag.of(0x0008, 0x0005)));
        l.sort(null);
        assertEquals(List.of(Tag.of(0x0008, 0x0005), Tag.of(0x7FE0, 0x0010), Tag.ITEM), l);
        assertThrows(IllegalArgumentException.class, () -> Tag.parse("(0010,001G)"));
        assertThrows(IllegalArgumentException.class, () -> Tag.parse("0010"));
        assertThrows(IllegalArgumentException.class, () -> Tag.of(0x10000, 0));
    }

    @Test
    void vrs() {
        assertEquals(34, VR.values().length, "all PS3.5 VRs including OV, SV, UV, UC, UR");
        for (String name : new String[] {"OV", "SV", "UV", "UC", "UR", "OL", "OD"}) {
            assertEquals(12, VR.of(name).explicitHeaderLength(), name);
        }
        for (String name : new String[] {"AE", "CS", "DA", "PN", "US", "UL", "FD", "AT", "IS"}) {
            assertEquals(8, VR.of(name).explicitHeaderLength(), name);
        }
        assertEquals(12, VR.SQ.explicitHeaderLength());
        assertEquals(12, VR.UT.explicitHeaderLength());
        assertEquals(' ', VR.PN.paddingByte());
        assertEquals(0, VR.UI.paddingByte());
        assertEquals(0, VR.OB.paddingByte());
        assertTrue(VR.OW.isBulk());
        assertTrue(VR.UN.isBulk());
        assertTrue(VR.US.isBinary());
        assertTrue(VR.LO.isText());
        assertFalse(VR.SQ.isText());
        assertEquals(VR.PN, VR.fromCode('P', 'N'));
        assertNull(VR.fromCode('Z', 'Z'));
        assertNull(VR.fromCode(0, 0));
        assertThrows(IllegalArgumentException.class, () -> VR.of("XX"));
    }

    @Test
    void uids() {
        assertEquals("1.2.840.10008.1.2", Uid.of("1.2.840.10008.1.2\0").value(), "padding removed");
        assertTrue(Uid.isValid("1.2.0.3"));
        assertFalse(Uid.isValid("1.2.03"), "leading zero");
        assertFalse(Uid.isValid("1..2"));
        assertFalse(Uid.isValid("1.2."));
        assertFalse(Uid.isValid("1.2.a"));
        assertFalse(Uid.isValid(""));
        assertFalse(Uid.isValid("1." + "2".repeat(63)), "65 characters");
        assertTrue(Uid.isValid("1." + "2".repeat(62)), "64 characters");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Uid.of("1.2.03"));
        assertTrue(e.getMessage().contains("leading zero"));
        Uid g = Uid.generate();
        assertTrue(g.value().startsWith("2.25."));
        assertTrue(Uid.isValid(g.value()), g.value());
        assertNotEquals(g, Uid.generate());
    }

    @Test
    void transferSyntaxes() {
        TransferSyntax ts = TransferSyntax.of("1.2.840.10008.1.2.2\0");
        assertEquals(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, ts);
        assertTrue(ts.bigEndian() && ts.explicitVr() && !ts.encapsulated());
        assertFalse(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.explicitVr());
        assertTrue(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.deflated());
        assertTrue(TransferSyntax.JPEG_BASELINE.encapsulated());
        TransferSyntax unknown = TransferSyntax.of("1.2.840.10008.1.2.4.201");
        assertTrue(unknown.explicitVr() && unknown.encapsulated() && !unknown.bigEndian());
        assertFalse(unknown.isKnown());
        assertTrue(TransferSyntax.RLE_LOSSLESS.isKnown());
    }
}
