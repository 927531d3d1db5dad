package org.rpb.pacs.core.dict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;

/** The dictionary generated from PS3.6 (attributes.json): lookups by tag and keyword, multi-VR and retired. */
class DictionaryTest {

    private final Dictionary d = Dictionary.standard();

    @Test
    void looksUpByTagAndKeyword() {
        DictionaryEntry e = d.entry(Tag.parse("(0010,0010)"));
        assertEquals("PatientName", e.keyword());
        assertEquals("Patient's Name", e.name());
        assertEquals(VR.PN, e.vr());
        assertEquals("1", e.vm());
        assertEquals(Tag.of(0x00100010), d.tagOf("PatientName"));
        assertEquals(e, d.entry("PatientName"));
        assertThrows(IllegalArgumentException.class, () -> d.tagOf("NoSuchKeyword"));
        assertTrue(d.size() > 5000, "PS3.6 has more than 5000 attributes: " + d.size());
        // a tag at the top of the unsigned range
        assertEquals("FloatPixelData", d.entry(Tag.of(0x7FE00008)).keyword());
    }

    @Test
    void multiValueRepresentationsAndRetired() {
        assertEquals(List.of(VR.US, VR.SS), d.entry(Tag.of(0x00280106)).vrs());
        assertEquals(List.of(VR.OB, VR.OW), d.entry(Tag.of(0x7FE00010)).vrs());
        assertTrue(d.entry(Tag.of(0x00080001)).retired(), "Length to End is retired");
        assertEquals("1-n", d.entry(Tag.of(0x00080005)).vm());
    }

    @Test
    void repeatingGroupsPrivateTagsAndGroupLengths() {
        DictionaryEntry overlay = d.entry(Tag.of(0x60023000));
        assertEquals("OverlayData", overlay.keyword());
        assertEquals(VR.UL, d.vrOf(0x00090000));
        assertEquals(VR.LO, d.vrOf(0x00090010), "private creator");
        assertNull(d.vrOf(0x00091001), "private tags are unknown");
        assertNull(d.entry(Tag.of(0x00091001)));
        Dictionary withPrivate = d.withPrivate("ACME 1.0", List.of(new DictionaryEntry(0x00090001, -1,
                "AcmeThing", "Acme Thing", List.of(VR.LO), "1", false)));
        assertEquals("AcmeThing", withPrivate.privateEntry("ACME 1.0", 0x0009, 0x1001).keyword());
        assertNull(d.privateEntry("ACME 1.0", 0x0009, 0x1001));
    }

    @Test
    void tagsConstantsMatchTheDictionary() throws IllegalAccessException {
        int n = 0;
        for (java.lang.reflect.Field f : Tags.class.getFields()) {
            assertEquals(d.tagOf(f.getName()), f.get(null), f.getName());
            n++;
        }
        assertTrue(n > 100);
    }

    @Test
    void storageSopClassesFromSopsJsonAndTheStorageBranch() {
        StorageSopClasses c = StorageSopClasses.standard();
        assertEquals(175, c.uids().size());
        assertTrue(c.isListed("1.2.840.10008.5.1.4.1.1.481.3"), "RT Structure Set Storage");
        assertEquals("CT Image Storage", c.name("1.2.840.10008.5.1.4.1.1.2"));
        assertTrue(c.isStorage("1.2.840.10008.5.1.4.43.1"), "listed outside the storage branch");
        // Ultrasound Multi-frame Image Storage (retired, still sent by old equipment): only by its branch
        assertTrue(c.isStorage("1.2.840.10008.5.1.4.1.1.3") && !c.isListed("1.2.840.10008.5.1.4.1.1.3"),
                "a class missing from the list, recognised by its branch");
        assertTrue(!c.isStorage("1.2.840.10008.1.1") && !c.isStorage("1.2.840.10008.5.1.4.1.2.2.1")
                && !c.isStorage(StorageSopClasses.STORAGE_BRANCH), "verification, query/retrieve and the bare branch are not storage");
    }
}
