package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.deident.manifest.ManifestAction;
import org.rpb.pacs.deident.manifest.ManifestEntry;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.scan.LeakHit;
import org.rpb.pacs.deident.scan.LeakScanner;
import org.rpb.pacs.deident.uid.UidRemapper;

/** The behaviours of DEIDENTIFICATION.md on a CT with patient data planted in hard places. */
class PlantedPhiTest {

    @TempDir
    Path tmp;

    private InstanceResult run(Profile p, Path out) throws Exception {
        Path in = Planted.write(tmp.resolve("planted.dcm"));
        SubjectContext ctx = SubjectContext.builder("PID-0042", "SUBJECT^0042")
                .trialSponsor("RPB").trialProtocolId("STUDY-7").trialSiteId("DD").trialSubjectId("S-0042")
                .trialTimePoint("BASELINE").build();
        return Deidentifier.builder().key(Fixtures.KEY).profile(p).build().deidentify(in, out, ctx);
    }

    private static String s(DataSet ds, int tag) {
        return ds.getString(Tag.of(tag));
    }

    @Test
    void scannerFindsThePlantedDataInTheInputAndNothingInTheOutput() throws Exception {
        Path in = Planted.write(tmp.resolve("in.dcm"));
        LeakScanner scanner = LeakScanner.of(Planted.PHI);
        List<LeakHit> before = scanner.scan(in);
        List<String> paths = before.stream().map(LeakHit::path).toList();
        // the scanner sees the hard places: preamble, nested sequences, private values, overlays
        assertTrue(paths.contains("preamble"), paths.toString());
        assertTrue(paths.contains("(0040,0275)[0]/(0040,0008)[0]/(0040,A730)[0]/(0040,A123)"), paths.toString());
        assertTrue(paths.contains("(6000,3000)"), paths.toString());
        assertTrue(paths.contains("(601E,3000)") && paths.contains("(6002,4000)"), paths.toString());
        assertTrue(paths.contains("(0033,1002)"), paths.toString());
        assertTrue(paths.contains("(0010,1002)[0]/(0010,0024)[0]/(0040,0032)"), paths.toString());
        assertTrue(before.size() >= 15, before.toString());
        for (Profile p : List.of(Profile.basic(), Profile.basic().with(Option.RETAIN_SAFE_PRIVATE,
                Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.CLEAN_DESCRIPTORS))) {
            Path out = tmp.resolve("out.dcm");
            run(p, out);
            assertEquals(List.of(), scanner.scan(out), "leaks with " + p.options());
        }
    }

    @Test
    void profileAppliesAtEveryDepthAndAlwaysRemovedGroupsGo() throws Exception {
        Path out = tmp.resolve("out.dcm");
        run(Profile.basic(), out);
        DataSet ds = Fixtures.read(out);
        assertNull(ds.get(0x00101002), "Other Patient IDs Sequence");
        assertNull(ds.get(0x00400275), "Request Attributes Sequence");
        assertNull(ds.get(0x00101000), "Other Patient IDs");
        assertEquals("", s(ds, 0x00080050), "Accession Number Z");
        assertEquals("", s(ds, 0x00100030), "birth date Z");
        assertNull(ds.get(0x04000561), "Original Attributes Sequence");
        assertNull(ds.get(0x00880200), "Icon Image Sequence");
        assertNull(ds.get(0xFFFAFFFA), "Digital Signatures Sequence");
        assertNull(ds.get(0x4FFE0001), "MAC Parameters Sequence");
        assertNull(ds.get(0x04000500), "Encrypted Attributes Sequence");
        assertNull(ds.get(0xFFFCFFFC), "Data Set Trailing Padding");
        assertEquals("", s(ds, 0x00200010), "Study ID Z");
        for (DataElement e : ds) {
            int g = e.tag().group();
            assertFalse(g >= 0x5000 && g <= 0x60FF && (g & 0xFF00) != 0x5400, "curve/overlay left: " + e.tag());
        }
        // a kept reference sequence is walked: its instance UID is remapped, its class UID is not
        DataSet ref = ds.getSequence(Tag.of(0x00081140)).get(0);
        UidRemapper u = new UidRemapper(Fixtures.KEY);
        assertEquals(u.remap(Planted.SOP_UID + ".7"), s(ref, 0x00081155));
        assertNull(ref.get(0x00410010), "private creator inside a sequence item");
        assertNull(ref.get(0x00411001), "private element inside a sequence item");
        assertEquals("1.2.840.10008.5.1.4.1.1.2", s(ref, 0x00081150));
    }

    @Test
    void safetyNetsTreatUnnamedDatesAndUidsAndText() throws Exception {
        Path out = tmp.resolve("out.dcm");
        run(Profile.basic(), out);
        DataSet basic = Fixtures.read(out);
        assertNull(basic.get(0x00181012), "an unnamed DA is removed under the basic profile");
        assertNotNull(basic.get(0x00209161));
        assertTrue(s(basic, 0x00209161).startsWith("2.25."), "an unnamed UI is remapped");
        assertNull(basic.get(0x0F000010), "a public attribute unknown to the dictionary (UN) is removed");
        run(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.CLEAN_DESCRIPTORS), out);
        DataSet shifted = Fixtures.read(out);
        assertNotNull(shifted.get(0x00181012), "an unnamed DA is shifted under Modified Dates");
        assertFalse("20040119".equals(s(shifted, 0x00181012)));
        // Clean Descriptors: the table's C rows keep what is safe and drop dates, IDs and names
        assertEquals("CT CHEST ABDOMEN", s(shifted, 0x00081030));
        assertEquals("AXIAL 5mm", s(shifted, 0x0008103E));
    }

    /** The planted CT with more attributes set or replaced, written beside it. */
    private Path plantedWith(String name, Object... tagVrValue) throws Exception {
        Path base = Planted.write(tmp.resolve("base-" + name));
        DicomFile f = Fixtures.readFile(base);
        for (int i = 0; i < tagVrValue.length; i += 3) {
            Object v = tagVrValue[i + 2];
            if (v instanceof DataSet[] items) {
                f.dataSet().setSequence(Tag.of((Integer) tagVrValue[i]), new org.rpb.pacs.core.data.Sequence(List.of(items)));
            } else {
                f.dataSet().setString(Tag.of((Integer) tagVrValue[i]), (VR) tagVrValue[i + 1], (String) v);
            }
        }
        Path p = tmp.resolve(name);
        org.rpb.pacs.core.io.DicomWriter.create().write(f, p);
        return p;
    }

    private InstanceResult run(Path in, Profile p, Path out) throws Exception {
        return Deidentifier.builder().key(Fixtures.KEY).profile(p).build().deidentify(in, out,
                SubjectContext.builder("PID-0042", "SUBJECT^0042").build());
    }

    @Test
    void withoutAManifestTheOutputIsTheSameAndNothingIsRecorded() throws Exception {
        Path in = Planted.write(tmp.resolve("m.dcm"));
        SubjectContext ctx = SubjectContext.builder("PID-0042", "SUBJECT^0042").build();
        Profile p = Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.RETAIN_SAFE_PRIVATE,
                Option.CLEAN_DESCRIPTORS);
        Path a = tmp.resolve("with.dcm");
        Path b = tmp.resolve("without.dcm");
        InstanceResult with = Deidentifier.builder().key(Fixtures.KEY).profile(p).build().deidentify(in, a, ctx);
        InstanceResult without = Deidentifier.builder().key(Fixtures.KEY).profile(p).manifest(false).build()
                .deidentify(in, b, ctx);
        assertTrue(with.manifest().size() > 30, with.manifest().toString());
        assertEquals(List.of(), without.manifest());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(with.crosswalk(), without.crosswalk(), "the crosswalk is kept either way");
    }

    @Test
    void cleanDescriptorsConsidersTextAttributesTheTableDoesNotName() throws Exception {
        // View Name (0008,2127) SH and Window Center & Width Explanation (0028,1055) LO are not in Table E.1-1
        Path in = plantedWith("unnamed.dcm", 0x00082127, VR.SH, "LATERAL DOE " + Planted.BIRTH,
                0x00281055, VR.LO, "WINDOW FOR JOHNATHAN " + Planted.PID);
        Path out = tmp.resolve("unnamed-out.dcm");
        run(in, Profile.basic(), out);
        DataSet basic = Fixtures.read(out);
        assertEquals("LATERAL DOE " + Planted.BIRTH, s(basic, 0x00082127), "the basic profile keeps unnamed text");
        run(in, Profile.basic().with(Option.CLEAN_DESCRIPTORS), out);
        DataSet clean = Fixtures.read(out);
        assertEquals("LATERAL", s(clean, 0x00082127));
        assertEquals("WINDOW FOR", s(clean, 0x00281055));
        assertEquals(List.of(), LeakScanner.of(Planted.PHI).scan(out));
    }

    @Test
    void cleanGraphicsCleansAnnotationTextInsteadOfReplacingIt() throws Exception {
        DataSet text = Planted.item(0x00700006, VR.ST, "LEFT LUNG LESION " + Planted.BIRTH + " " + Planted.PID);
        DataSet annotation = Planted.item(0x00700002, VR.CS, "LAYER1", 0x00700008, VR.SQ, new DataSet[] {text});
        Path in = plantedWith("graphics.dcm", 0x00700001, VR.SQ, new DataSet[] {annotation});
        Path out = tmp.resolve("graphics-out.dcm");
        run(in, Profile.basic(), out);
        DataSet d = Fixtures.read(out).getSequence(Tag.of(0x00700001)).get(0).getSequence(Tag.of(0x00700008)).get(0);
        assertEquals("ANONYMIZED", s(d, 0x00700006), "D on the sequence: its free text gets a dummy");
        run(in, Profile.basic().with(Option.CLEAN_GRAPHICS), out);
        DataSet c = Fixtures.read(out).getSequence(Tag.of(0x00700001)).get(0).getSequence(Tag.of(0x00700008)).get(0);
        assertEquals("LEFT LUNG LESION", s(c, 0x00700006), "C: the safe words stay");
        assertEquals(List.of(), LeakScanner.of(Planted.PHI).scan(out));
        // overlays are removed in all 16 groups whatever Clean Graphics says
        for (DataElement e : Fixtures.read(out)) {
            int g = e.tag().value() >>> 16;
            assertFalse(g >= 0x6000 && g <= 0x601E, "overlay element left: " + e.tag());
        }
    }

    @Test
    void retainDeviceAndInstitutionIdentityKeepTheirAttributesOnAFile() throws Exception {
        Path in = plantedWith("device.dcm", 0x00181000, VR.LO, "SN-4711", 0x00081010, VR.SH, "CT-ROOM-3",
                0x00080080, VR.LO, "ST MARY HOSPITAL", 0x00081040, VR.LO, "RADIOLOGY EAST",
                0x00080081, VR.ST, "1 MAIN STREET");
        Path out = tmp.resolve("device-out.dcm");
        run(in, Profile.basic(), out);
        DataSet basic = Fixtures.read(out);
        for (int t : new int[] {0x00181000, 0x00081010, 0x00080080, 0x00081040, 0x00080081}) {
            assertNull(basic.get(t), "removed by the basic profile: " + org.rpb.pacs.core.data.Tag.toString(t));
        }
        run(in, Profile.basic().with(Option.RETAIN_DEVICE_IDENTITY), out);
        DataSet dev = Fixtures.read(out);
        assertEquals("SN-4711", s(dev, 0x00181000));
        assertEquals("CT-ROOM-3", s(dev, 0x00081010));
        assertNull(dev.get(0x00080080), "institution still removed");
        assertTrue(dev.getSequence(Tag.of(0x00120064)).items().stream()
                .anyMatch(i -> "113109".equals(s(i, 0x00080100))), "Retain Device Identity recorded");
        run(in, Profile.basic().with(Option.RETAIN_INSTITUTION_IDENTITY), out);
        DataSet inst = Fixtures.read(out);
        assertEquals("ST MARY HOSPITAL", s(inst, 0x00080080));
        assertEquals("RADIOLOGY EAST", s(inst, 0x00081040));
        assertEquals("1 MAIN STREET", s(inst, 0x00080081));
        assertNull(inst.get(0x00181000), "device still removed");
        assertTrue(inst.getSequence(Tag.of(0x00120064)).items().stream()
                .anyMatch(i -> "113112".equals(s(i, 0x00080100))), "Retain Institution Identity recorded");
    }

    @Test
    void privateAttributesRemovedByDefaultAndSafeOnesKeptWithTheirCreator() throws Exception {
        Path out = tmp.resolve("out.dcm");
        run(Profile.basic(), out);
        DataSet ds = Fixtures.read(out);
        for (DataElement e : ds) {
            assertFalse(e.tag().isPrivate(), "private element left: " + e.tag());
        }
        run(Profile.basic().with(Option.RETAIN_SAFE_PRIVATE), out);
        ds = Fixtures.read(out);
        assertEquals("GEMS_ACQU_01", s(ds, 0x00190010));
        assertEquals(888, ds.getInt(Tag.of(0x00191002), -1));
        assertEquals("1.5", s(ds, 0x00191003));
        assertNull(ds.get(0x00190011), "creator of an emptied block is removed");
        assertNull(ds.get(0x00191105));
        assertNull(ds.get(0x00291010), "orphan private element");
        assertNull(ds.get(0x00330010));
        assertNull(ds.get(0x00331001), "private sequence of an unknown creator");
        assertNull(ds.get(0x00331002), "UN value of an unknown creator");
        // h: a private UID on the list is hashed like other UIDs
        assertEquals("GEMS_GENIE_1", s(ds, 0x00090010));
        assertEquals(new UidRemapper(Fixtures.KEY).remap("1.2.826.0.1.3680043.2.1125.555.42"), s(ds, 0x0009102B));
        run(Profile.basic().with(Option.RETAIN_SAFE_PRIVATE, Option.RETAIN_UIDS), out);
        assertEquals("1.2.826.0.1.3680043.2.1125.555.42", s(Fixtures.read(out), 0x0009102B), "kept under Retain UIDs");
        assertEquals(Planted.SOP_UID, s(Fixtures.read(out), 0x00080018));
        run(Profile.basic().with(Option.RETAIN_SAFE_PRIVATE), out);
        ds = Fixtures.read(out);
        // o: a private date is removed unless dates are shifted, then shifted like the others (block 0x11)
        assertNull(ds.get(0x00091105));
        assertNull(ds.get(0x00090011));
        run(Profile.basic().with(Option.RETAIN_SAFE_PRIVATE, Option.RETAIN_LONGITUDINAL_MODIFIED_DATES), out);
        ds = Fixtures.read(out);
        assertEquals("GEMS_PETD_01", s(ds, 0x00090011));
        String shifted = s(ds, 0x00091105);
        assertEquals(14, shifted.length());
        assertFalse(shifted.equals("20040119101500"));
        // the private date moved exactly like Study Date/Time (both are instants of this patient)
        assertEquals(new org.rpb.pacs.deident.dates.DateShifter(org.rpb.pacs.deident.dates.DateOffset.forPatient(
                new UidRemapper(Fixtures.KEY), null, Planted.PID)).shiftDT("20040119101500"), shifted);
    }

    @Test
    void safePrivateElementsOfAnImplicitVrFileAreKeptByTheListsVr() throws Exception {
        // implicit VR: every private element is read as UN, so the list is searched by (creator, element)
        Path in = Planted.write(tmp.resolve("implicit.dcm"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        DataSet read = Fixtures.read(in);
        assertEquals(VR.UN, read.get(0x00191002).vr(), "the codec reads implicit private elements as UN");
        Path out = tmp.resolve("implicit-out.dcm");
        SubjectContext ctx = SubjectContext.builder("PID-0042", "SUBJECT^0042").build();
        Deidentifier.builder().key(Fixtures.KEY).profile(Profile.basic().with(Option.RETAIN_SAFE_PRIVATE,
                Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build().deidentify(in, out, ctx);
        DataSet ds = Fixtures.read(out);
        assertEquals("GEMS_ACQU_01", s(ds, 0x00190010));
        // k, listed as SL (and OB): the bytes of 888 kept
        assertArrayEquals(new byte[] {0x78, 0x03, 0, 0}, ds.get(0x00191002).bytes());
        // k, listed as DS
        assertEquals("1.5", new String(ds.get(0x00191003).bytes(), java.nio.charset.StandardCharsets.US_ASCII).trim());
        // h, listed as LO: hashed as a UID
        assertEquals(new UidRemapper(Fixtures.KEY).remap("1.2.826.0.1.3680043.2.1125.555.42"),
                new String(ds.get(0x0009102B).bytes(), java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "").trim());
        // o, listed as DT, LO and SH: shifted as the one date/time VR, DT, exactly as in the explicit file
        assertEquals(new org.rpb.pacs.deident.dates.DateShifter(org.rpb.pacs.deident.dates.DateOffset.forPatient(
                new UidRemapper(Fixtures.KEY), null, Planted.PID)).shiftDT("20040119101500"),
                new String(ds.get(0x00091105).bytes(), java.nio.charset.StandardCharsets.US_ASCII).trim());
        // not on the list: removed as in explicit VR
        assertNull(ds.get(0x00191105));
        assertNull(ds.get(0x00190011));
        assertNull(ds.get(0x00331002));
        assertEquals(List.of(), LeakScanner.of(Planted.PHI).scan(out));
        assertEquals("OK", Fixtures.pydicomReadsAll(List.of(out)).lines().findFirst().orElse("").substring(0, 2));
    }

    @Test
    void identityTrialAttributesAndRecordKeeping() throws Exception {
        Path out = tmp.resolve("out.dcm");
        run(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.RETAIN_SAFE_PRIVATE), out);
        DataSet ds = Fixtures.read(out);
        assertEquals("SUBJECT^0042", s(ds, 0x00100010));
        assertEquals("PID-0042", s(ds, 0x00100020));
        assertEquals("RPB", s(ds, 0x00120010));
        assertEquals("STUDY-7", s(ds, 0x00120020));
        assertEquals("DD", s(ds, 0x00120030));
        assertEquals("S-0042", s(ds, 0x00120040));
        assertEquals("BASELINE", s(ds, 0x00120050));
        assertEquals("YES", s(ds, 0x00120062));
        assertTrue(s(ds, 0x00120063).contains("2024b"), s(ds, 0x00120063));
        List<String> codes = new ArrayList<>();
        for (DataSet item : ds.getSequence(Tag.of(0x00120064)).items()) {
            assertEquals("DCM", s(item, 0x00080102));
            codes.add(s(item, 0x00080100));
        }
        assertEquals(List.of("113100", "113111", "113107"), codes);
        assertEquals("MODIFIED", s(ds, 0x00280303));
        // ages over 89 are grouped only when ages are kept
        assertNull(ds.get(0x00101010));
        run(Profile.basic().with(Option.RETAIN_PATIENT_CHARACTERISTICS), out);
        ds = Fixtures.read(out);
        assertEquals("090Y", s(ds, 0x00101010));
        assertEquals("REMOVED", s(ds, 0x00280303));
        assertEquals(List.of("113100", "113108"), ds.getSequence(Tag.of(0x00120064)).items().stream()
                .map(i -> s(i, 0x00080100)).toList());
    }

    @Test
    void structuredContentIsDummiedByDefaultAndCleanedUnderTheOption() throws Exception {
        Path sr = Fixtures.pydicom("test-SR.dcm");
        Path out = tmp.resolve("sr.dcm");
        Deidentifier.builder().key(Fixtures.KEY).build().deidentify(sr, out, Fixtures.ctx());
        List<String> basic = textValues(Fixtures.read(out), new ArrayList<>());
        assertEquals(7, basic.size(), basic.toString());
        assertTrue(basic.stream().allMatch("ANONYMIZED"::equals), basic.toString());
        Deidentifier.builder().key(Fixtures.KEY).profile(Profile.basic().with(Option.CLEAN_STRUCTURED_CONTENT)).build()
                .deidentify(sr, out, Fixtures.ctx());
        List<String> cleaned = textValues(Fixtures.read(out), new ArrayList<>());
        assertTrue(cleaned.contains("A mass of"), cleaned.toString());
        assertTrue(cleaned.contains("was detected."), cleaned.toString());
        // dates inside the content tree follow the table (removed without a date option)
        assertTrue(Fixtures.read(out).getSequence(Tag.of(0x0040A730)).items().stream()
                .noneMatch(i -> i.get(0x0040A121) != null && "20001206".equals(s(i, 0x0040A121))));
    }

    private static List<String> textValues(DataSet ds, List<String> out) {
        for (DataElement e : ds) {
            if (e.tag().value() == 0x0040A160) {
                out.add(s(ds, 0x0040A160));
            }
            if (e.sequence() != null) {
                e.sequence().items().forEach(i -> textValues(i, out));
            }
        }
        return out;
    }

    @Test
    void deidentificationMethodIsAppendedNotOverwritten() throws Exception {
        Path first = tmp.resolve("first.dcm");
        run(Profile.basic(), first);
        Path second = tmp.resolve("second.dcm");
        Deidentifier.builder().key(Fixtures.KEY).build().deidentify(first, second,
                SubjectContext.builder("PID-0042", "SUBJECT^0042").build());
        DataSet ds = Fixtures.read(second);
        assertEquals(List.of("PS3.15 E.1-1 2024b basic", "PS3.15 E.1-1 2024b basic"),
                ds.getStrings(Tag.of(0x00120063)));
    }

    @Test
    void newPreambleAndFileMetaAndMediaStorageUidEqualsSopInstanceUid() throws Exception {
        Path out = tmp.resolve("out.dcm");
        InstanceResult r = run(Profile.basic(), out);
        DicomFile f = Fixtures.readFile(out);
        assertArrayEquals(new byte[128], f.preamble());
        assertEquals(r.newSopInstanceUid(), s(f.fileMeta(), 0x00020003));
        UidRemapper u = new UidRemapper(Fixtures.KEY);
        assertEquals(List.of(u.remap("1.2.826.0.1.3680043.2.1125.555.80"), u.remap("1.2.826.0.1.3680043.2.1125.555.81")),
                f.dataSet().getStrings(Tag.of(0x00080058)), "multi-valued UI remapped value by value");
        for (String uid : f.dataSet().getStrings(Tag.of(0x00080058))) {
            assertTrue(UidRemapper.isValidUid(uid), uid);
        }
        assertEquals(r.newSopInstanceUid(), s(f.dataSet(), 0x00080018));
        assertEquals(new UidRemapper(Fixtures.KEY).remap(Planted.SOP_UID), r.newSopInstanceUid());
        assertEquals("2.25.294799861098834327852351207148627098042", s(f.fileMeta(), 0x00020012));
    }

    @Test
    void manifestHoldsHashesNotOldValuesAndTheCrosswalkLinksOldToNew() throws Exception {
        Path out = tmp.resolve("out.dcm");
        InstanceResult r = run(Profile.basic(), out);
        StringBuilder all = new StringBuilder();
        for (ManifestEntry e : r.manifest()) {
            all.append(e.toJson()).append('\n');
            assertEquals(r.newSopInstanceUid(), e.instance());
        }
        String text = all.toString();
        for (String phi : Planted.PHI) {
            assertFalse(text.contains(phi), "manifest holds an old value");
        }
        assertFalse(text.contains(Planted.STUDY_UID));
        assertTrue(text.contains("\"path\":\"(0040,0275)\",\"action\":\"X\""), text);
        assertTrue(text.contains("\"path\":\"(0010,0010)\",\"action\":\"SET\""), text);
        ManifestEntry study = r.manifest().stream().filter(e -> e.path().equals("(0020,000D)")).findFirst().orElseThrow();
        assertEquals(ManifestAction.REPLACE_UID, study.action());
        assertEquals(32, study.oldValueHash().length());
        assertEquals(r.crosswalk().uids().get(Planted.STUDY_UID), study.newValue());
        assertEquals("PID-0042", r.crosswalk().patients().get(Planted.PID));
    }

    @Test
    void dryRunReportsTheSameWithoutWriting() throws Exception {
        Path in = Planted.write(tmp.resolve("in.dcm"));
        Path out = tmp.resolve("dry.dcm");
        InstanceResult dry = Deidentifier.builder().key(Fixtures.KEY).dryRun(true).build()
                .deidentify(in, out, Fixtures.ctx());
        assertFalse(Files.exists(out));
        assertNull(dry.output());
        InstanceResult real = Deidentifier.builder().key(Fixtures.KEY).build().deidentify(in, out, Fixtures.ctx());
        assertEquals(real.manifest(), dry.manifest());
        assertEquals(real.crosswalk(), dry.crosswalk());
    }
}
