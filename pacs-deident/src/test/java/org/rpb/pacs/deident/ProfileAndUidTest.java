package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.deident.profile.Action;
import org.rpb.pacs.deident.profile.ActionCode;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.profile.ProfileException;
import org.rpb.pacs.deident.profile.ProfileTable;
import org.rpb.pacs.deident.uid.UidRemapper;

/** Table E.1-1, actions, compound codes, options (behaviours 1-3) and keyed UIDs (7-11, 35). */
@Tag("external")
class ProfileAndUidTest {

    @TempDir
    Path tmp;

    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String SR = "1.2.840.10008.5.1.4.1.1.88.22";

    @Test
    void bundledTableIsEdition2024bWithAllRows() {
        ProfileTable t = ProfileTable.bundled();
        assertEquals("2024b", ProfileTable.EDITION);
        assertEquals(621, t.size());
        assertEquals("Patient's Name", t.row(0x00100010).name());
        assertEquals("(60XX,3000)", t.row(0x60163000).tagText());
        assertEquals("(50XX,XXXX)", t.row(0x50020030).tagText());
        assertTrue(t.row(0x00091001).tagText().startsWith("(GGGG,EEEE)"));
        assertNull(t.row(0x00280010), "Rows is not in the table");
        assertTrue(Profile.basic().methodDescription().contains("2024b"));
    }

    @Test
    void basicActionsAndCompoundResolution() {
        Profile p = Profile.basic();
        assertEquals(Action.EMPTY, p.actionFor(0x00100010, CT));
        assertEquals(Action.REMOVE, p.actionFor(0x00101000, CT));
        assertEquals(Action.REPLACE_UID, p.actionFor(0x0020000D, CT));
        assertEquals(Action.DUMMY, p.actionFor(0x30060002, CT), "Structure Set Label D");
        // X/Z/U*: kept with UIDs replaced (reference sequences)
        assertEquals(Action.REPLACE_UID, p.actionFor(0x00081140, CT));
        // Z/D Content Date: Type 2C in images (Z), Type 1 in SR (D)
        assertEquals(Action.EMPTY, p.actionFor(0x00080023, CT));
        assertEquals(Action.DUMMY, p.actionFor(0x00080023, SR));
        // X/D RT Plan Date: Type 2, no Z offered: D
        assertEquals(Action.DUMMY, p.actionFor(0x300A0006, CT));
        // X/Z/D Device Serial Number: Type 3 in General Equipment (X), Type 1 in Enhanced General Equipment (D),
        // which Segmentation, Parametric Map and the other enhanced IODs have
        assertEquals(Action.REMOVE, p.actionFor(0x00181000, CT));
        for (String uid : List.of("1.2.840.10008.5.1.4.1.1.66.4", "1.2.840.10008.5.1.4.1.1.30",
                "1.2.840.10008.5.1.4.1.1.2.2", "1.2.840.10008.5.1.4.1.1.77.1.6", "1.2.840.10008.5.1.4.1.1.2.1")) {
            assertEquals(Action.DUMMY, p.actionFor(0x00181000, uid), uid);
            assertEquals(Action.DUMMY, p.actionFor(0x00080023, uid), "Content Date Type 1 in " + uid);
        }
        // X/D Protocol Name: Type 3 in General Series, Type 1 in the protocol IODs
        assertEquals(Action.REMOVE, p.actionFor(0x00181030, CT));
        assertEquals(Action.DUMMY, p.actionFor(0x00181030, "1.2.840.10008.5.1.4.1.1.200.2"));
        // every compound row of the bundled table is either listed or resolves to an action valid for Type 1
        int compound = 0;
        for (int tag : ProfileTable.bundled().tags()) {
            ActionCode code = ProfileTable.bundled().row(tag).basic();
            if (code.isCompound()) {
                compound++;
                assertTrue(code.choices().contains(p.actionFor(tag, CT)), Integer.toHexString(tag));
            }
        }
        assertEquals(49, compound);
        // a compound the library has no type knowledge of: the least destructive action valid even for Type 1
        assertEquals(Action.EMPTY, p.actionFor(0x22000005, CT), "Barcode Value X/Z");
        assertEquals(Action.DUMMY, p.actionFor(0x30100077, CT), "Treatment Site X/D");
        assertEquals(Action.DUMMY, ActionCode.parse("X/Z/D").leastDestructiveValid());
        assertEquals(Action.REPLACE_UID, ActionCode.parse("X/Z/U").leastDestructiveValid());
        assertEquals(Action.EMPTY, ActionCode.parse("X/Z").leastDestructiveValid());
        assertEquals(Action.REMOVE, ActionCode.parse("X/Z/D").strictest());
        assertEquals(Action.EMPTY, ActionCode.parse("Z/D").strictest());
    }

    @Test
    void optionColumnsOverrideTheBasicAction() {
        assertEquals(Action.KEEP, Profile.basic().with(Option.RETAIN_UIDS).actionFor(0x0020000D, CT));
        assertEquals(Action.KEEP, Profile.basic().with(Option.RETAIN_DEVICE_IDENTITY).actionFor(0x00181000, CT));
        assertEquals(Action.KEEP, Profile.basic().with(Option.RETAIN_INSTITUTION_IDENTITY).actionFor(0x00080080, CT));
        assertEquals(Action.KEEP, Profile.basic().with(Option.RETAIN_PATIENT_CHARACTERISTICS).actionFor(0x00101010, CT));
        assertEquals(Action.KEEP, Profile.basic().with(Option.RETAIN_LONGITUDINAL_FULL_DATES).actionFor(0x00080020, CT));
        assertEquals(Action.CLEAN, Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES).actionFor(0x00080020, CT));
        assertEquals(Action.CLEAN, Profile.basic().with(Option.CLEAN_DESCRIPTORS).actionFor(0x0008103E, CT));
        assertEquals(Action.CLEAN, Profile.basic().with(Option.CLEAN_STRUCTURED_CONTENT).actionFor(0x0040A730, CT));
        assertEquals(Action.CLEAN, Profile.basic().with(Option.CLEAN_GRAPHICS).actionFor(0x00700001, CT));
        assertEquals(Action.CLEAN, Profile.basic().with(Option.RETAIN_SAFE_PRIVATE).actionFor(0x00091001, CT));
        assertEquals(Option.RETAIN_SAFE_PRIVATE, Option.fromCliName("RetainSafePrivate"));
        assertThrows(IllegalArgumentException.class, () -> Option.fromCliName("RetainEverything"));
        assertThrows(IllegalArgumentException.class, () -> Profile.basic().with(
                Option.RETAIN_LONGITUDINAL_FULL_DATES, Option.RETAIN_LONGITUDINAL_MODIFIED_DATES));
    }

    @Test
    void anotherTableFileIsReadAndABadOneNamesTheLine() throws Exception {
        Path f = tmp.resolve("table.json");
        Files.writeString(f, "[\n {\"tag\":\"(0010,0010)\",\"name\":\"Patient's Name\",\"basicProfile\":\"X\"},\n"
                + " {\"tag\":\"(GGGG,EEEE) where gggg is odd\",\"basicProfile\":\"X\"}\n]");
        Profile p = Profile.basic(ProfileTable.load(f, "local"));
        assertEquals(Action.REMOVE, p.actionFor(0x00100010, CT));
        assertNull(p.actionFor(0x00100020, CT));
        assertTrue(p.methodDescription().contains("local"));
        Files.writeString(f, "[\n {\"tag\":\"(0010,0010)\",\n  \"basicProfile\":\"Q\"}\n]");
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileTable.load(f, "x"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void uidsAreKeyedDeterministicValidAndIndependentOfTheTag() {
        UidRemapper a = new UidRemapper(Fixtures.KEY);
        UidRemapper again = new UidRemapper(Fixtures.KEY.clone());
        UidRemapper b = new UidRemapper(Fixtures.OTHER_KEY);
        String old = "1.2.826.0.1.3680043.8.498.2010020400001.2.1";
        String n = a.remap(old);
        // expected value computed independently with Python: hmac.new(key, old, sha256).digest()[:16]
        assertEquals(n, again.remap(old));
        assertNotEquals(n, b.remap(old));
        assertTrue(n.startsWith("2.25."));
        assertTrue(UidRemapper.isValidUid(n), n);
        assertTrue(n.length() <= 64);
        assertEquals("1.2.840.10008.5.1.4.1.1.2", a.remap("1.2.840.10008.5.1.4.1.1.2"));
        assertEquals(a.remap("1.2.3") + "\\" + a.remap("1.2.4"), a.remapValues(0x00081155, "1.2.3\\1.2.4"));
        assertEquals("1.2.3", a.remapValues(0x00080016, "1.2.3"), "SOP Class UID is structural");
        assertTrue(UidRemapper.isStructural(0x0008010C, "2.16.840.1.113883.6.96"));
        assertThrows(IllegalArgumentException.class, () -> new UidRemapper(new byte[15]));
        for (int i = 0; i < 2000; i++) {
            assertTrue(UidRemapper.isValidUid(a.remap("1.2.3." + i)));
        }
    }

    @Test
    void uidMatchesAnIndependentHmacComputation() throws Exception {
        String old = "1.2.826.0.1.3680043.8.498.2010020400001";
        int[] code = new int[1];
        String py = Fixtures.run(code, "/usr/bin/python3", "-c",
                "import hmac,hashlib,sys\n"
                        + "d=hmac.new(sys.argv[1].encode(),sys.argv[2].encode(),hashlib.sha256).digest()[:16]\n"
                        + "print('2.25.'+str(int.from_bytes(d,'big')))",
                new String(Fixtures.KEY, java.nio.charset.StandardCharsets.US_ASCII), old).trim();
        assertEquals(0, code[0], py);
        assertEquals(py, new UidRemapper(Fixtures.KEY).remap(old));
    }
}
