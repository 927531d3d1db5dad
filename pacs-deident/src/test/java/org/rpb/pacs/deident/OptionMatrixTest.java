package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.scan.LeakHit;
import org.rpb.pacs.deident.scan.LeakScanner;

/**
 * Every option alone and every combination the admin profile page offers (it has one switch per option and the
 * private-attribute policy, which is Retain Safe Private: every subset of the ten options), each a test of its
 * own, on files with the patient's identifiers planted in every form the leak scanner knows (whole values, name
 * components, "GIVEN FAMILY" and "FAMILY, GIVEN", short components as words, the three date forms, UTF-16 and
 * UTF-8 bytes in private values, an SR-like content tree three levels deep, the preamble): the scanner must find
 * them all in the input and none in any output.
 */
// slow: 768 option combinations through the de-identifier and the leak scanner (scripts/test.sh runs it)
@org.junit.jupiter.api.Tag("slow")
class OptionMatrixTest {

    @TempDir
    static Path dir;
    private static List<Path> inputs;

    /** Free text with the identifiers in every form the scanner searches, between words that are not identifying. */
    static final String ALL_FORMS = "lesion stable JOHNATHAN DOE DOE, JOHNATHAN seen by Dr DOE and GREGORY HOUSE "
            + "born 1950-03-15 15.03.1950 03/15/1950 " + Planted.BIRTH + " id " + Planted.PID + " acc "
            + Planted.ACCESSION + " other " + Planted.OTHER_ID;

    @BeforeAll
    static void plant() throws Exception {
        inputs = List.of(withForms(Planted.write(dir.resolve("explicit.dcm")), dir.resolve("forms-explicit.dcm")),
                withForms(Planted.write(dir.resolve("implicit.dcm"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                        dir.resolve("forms-implicit.dcm")));
    }

    /** The planted file with an SR-like content tree, descriptors and private values holding {@link #ALL_FORMS}. */
    static Path withForms(Path planted, Path out) throws Exception {
        DicomFile src = Fixtures.readFile(planted);
        DataSet ds = src.dataSet();
        DataSet pname = Planted.item(0x0040A040, VR.CS, "PNAME", 0x0040A123, VR.PN, Planted.NAME);
        // a date item (not the birth date: Retain Longitudinal Full Dates keeps dates, as the table says)
        DataSet date = Planted.item(0x0040A040, VR.CS, "DATE", 0x0040A121, VR.DA, "20040119");
        DataSet text3 = Planted.item(0x0040A040, VR.CS, "TEXT", 0x0040A160, VR.UT, ALL_FORMS);
        DataSet text2 = Planted.item(0x0040A040, VR.CS, "TEXT", 0x0040A160, VR.UT, "finding: " + ALL_FORMS + " " + Planted.NAME + " "
                + Planted.PHYSICIAN,
                0x0040A730, VR.SQ, new DataSet[] {pname, date, text3});
        DataSet container = Planted.item(0x0040A040, VR.CS, "CONTAINER",
                0x0040A043, VR.SQ, new DataSet[] {Planted.item(0x00080100, VR.SH, "121070", 0x00080102, VR.SH, "DCM",
                        0x00080104, VR.LO, "Findings")},
                0x0040A730, VR.SQ, new DataSet[] {text2});
        ds.setSequence(Tags.ContentSequence, new Sequence(List.of(container)));
        // descriptors that Clean Descriptors cleans (their rows) and text the table does not name (its safety net)
        Planted.text(ds, 0x0008103E, VR.LO, "AXIAL DOE, JOHNATHAN 1950-03-15");
        Planted.text(ds, 0x00204000, VR.LT, ALL_FORMS + " " + Planted.NAME);
        Planted.text(ds, 0x00181030, VR.LO, "CHEST JOHNATHAN DOE 15.03.1950");
        Planted.text(ds, 0x00321060, VR.LO, "CT for DOE, JOHNATHAN");
        Planted.text(ds, 0x00189424, VR.LT, ALL_FORMS); // Acquisition Protocol Description
        Planted.text(ds, 0x00400007, VR.LO, "Scheduled for JOHNATHAN DOE"); // Scheduled Procedure Step Description
        // private values of an unlisted creator: the name as UTF-16 and UTF-8 bytes, the dates as text
        Planted.text(ds, 0x00150010, VR.LO, "ACME NOTES");
        ds.set(DataElement.of(Tag.of(0x00151001), VR.OB, pad(Planted.NAME.getBytes(StandardCharsets.UTF_16LE))));
        ds.set(DataElement.of(Tag.of(0x00151002), VR.OB, pad(("x" + Planted.PID).getBytes(StandardCharsets.UTF_8))));
        Planted.text(ds, 0x00151003, VR.LT, ALL_FORMS);
        DataSet meta = DicomWriter.createFileMeta("1.2.840.10008.5.1.4.1.1.2", Planted.SOP_UID, src.transferSyntax(),
                null);
        DicomWriter.create().write(new DicomFile(src.preamble(), meta, ds, src.transferSyntax(), src.source()), out);
        return out;
    }

    private static byte[] pad(byte[] b) {
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    /**
     * @return every subset of the options (the admin page's switches) that makes a profile (both Retain
     *         Longitudinal options cannot apply at once, and the page cannot save them), the smallest first
     */
    static List<Set<Option>> combinations() {
        Option[] all = Option.values();
        List<Set<Option>> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << all.length; mask++) {
            Set<Option> s = EnumSet.noneOf(Option.class);
            for (int i = 0; i < all.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    s.add(all[i]);
                }
            }
            if (!s.containsAll(Set.of(Option.RETAIN_LONGITUDINAL_FULL_DATES, Option.RETAIN_LONGITUDINAL_MODIFIED_DATES))) {
                out.add(s);
            }
        }
        // singles first, so that a failure names one option where it can
        out.sort((a, b) -> Integer.compare(a.size(), b.size()));
        return out;
    }

    @Test
    void theScannerFindsEveryPlantedFormInTheInput() throws Exception {
        List<LeakHit> hits = LeakScanner.of(Planted.PHI).scan(inputs.get(0));
        Set<String> paths = hits.stream().map(LeakHit::path).collect(Collectors.toSet());
        Set<String> forms = hits.stream().map(LeakHit::form).collect(Collectors.toSet());
        assertTrue(paths.contains("(0040,A730)[0]/(0040,A730)[0]/(0040,A730)[2]/(0040,A160)"), paths.toString());
        assertTrue(paths.contains("(0040,A730)[0]/(0040,A730)[0]/(0040,A730)[0]/(0040,A123)"), paths.toString());
        assertTrue(paths.contains("(0015,1001)") && paths.contains("(0015,1002)"), paths.toString());
        assertTrue(paths.contains("preamble"), paths.toString());
        for (String f : List.of("text", "name-part", "date-form")) {
            assertTrue(forms.stream().anyMatch(x -> x.startsWith(f)), f + " not among " + forms);
        }
        assertEquals(768, combinations().size());
    }

    @TestFactory
    Stream<DynamicTest> noPlantedIdentifierSurvivesAnyOptionCombination() {
        LeakScanner scanner = LeakScanner.of(Planted.PHI);
        return combinations().stream().map(options -> DynamicTest.dynamicTest(
                options.isEmpty() ? "basic" : options.toString(), () -> {
                    Deidentifier d = Deidentifier.builder().key(Fixtures.KEY).threads(1)
                            .profile(Profile.basic().with(options.toArray(new Option[0]))).build();
                    Path outDir = Files.createDirectories(dir.resolve("out"));
                    List<LeakHit> hits = new ArrayList<>();
                    // the implicit VR copy for the single options and pairs, the explicit one for all
                    for (Path in : options.size() <= 2 ? inputs : inputs.subList(0, 1)) {
                        Path out = outDir.resolve(in.getFileName());
                        InstanceResult r = d.deidentify(in, out, Fixtures.ctx());
                        assertTrue(r.done(), r.refusal());
                        hits.addAll(scanner.scan(out));
                        Files.delete(out);
                    }
                    assertEquals(List.of(), hits, options + ": identifiers left");
                }));
    }

    @Test
    void contentSequenceTextIsADummyUnlessCleanStructuredContentIsSelected() throws Exception {
        Path out = dir.resolve("cs.dcm");
        for (Set<Option> options : List.of(Set.<Option>of(), Set.of(Option.CLEAN_DESCRIPTORS),
                Set.of(Option.CLEAN_DESCRIPTORS, Option.RETAIN_LONGITUDINAL_MODIFIED_DATES))) {
            Deidentifier.builder().key(Fixtures.KEY).profile(Profile.basic().with(options.toArray(new Option[0])))
                    .build().deidentify(inputs.get(0), out, Fixtures.ctx());
            DataSet text3 = deepest(Fixtures.read(out));
            assertEquals("ANONYMIZED", text3.getString(Tag.of(0x0040A160)).trim(), options.toString());
        }
        // with Clean Structured Content the text is cleaned: the words that identify nobody stay
        Deidentifier.builder().key(Fixtures.KEY).profile(Profile.basic().with(Option.CLEAN_STRUCTURED_CONTENT))
                .build().deidentify(inputs.get(0), out, Fixtures.ctx());
        String cleaned = deepest(Fixtures.read(out)).getString(Tag.of(0x0040A160));
        assertTrue(cleaned.startsWith("lesion stable"), cleaned);
        assertFalse(cleaned.contains("DOE"), cleaned);
    }

    private static DataSet deepest(DataSet ds) {
        return ds.getSequence(Tags.ContentSequence).get(0).getSequence(Tags.ContentSequence).get(0)
                .getSequence(Tags.ContentSequence).get(2);
    }
}
