package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.deident.pixel.BurnedInPolicy;
import org.rpb.pacs.deident.pixel.MaskRegion;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.scan.LeakHit;
import org.rpb.pacs.deident.scan.LeakScanner;

/**
 * Every pydicom test file through the library (behaviours 22, 25, 34, 35, 36): pydicom reads every output,
 * dciodvfy finds no error the input lacked, the leak scanner finds none of the input's identifiers, two runs are
 * byte-identical, damaged files are refused one by one.
 */
@org.junit.jupiter.api.Tag("external")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealFilesTest {

    @TempDir
    static Path tmp;

    private final Map<Path, InstanceResult> first = new LinkedHashMap<>();
    private final Map<Path, InstanceResult> second = new LinkedHashMap<>();
    /** The basic profile alone: compound codes then decide what the dates, devices and institutions become. */
    private final Map<Path, InstanceResult> basicOnly = new LinkedHashMap<>();

    private static Deidentifier deidentifier() {
        return Deidentifier.builder().key(Fixtures.KEY)
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.RETAIN_SAFE_PRIVATE))
                .burnedIn(BurnedInPolicy.mask(Map.of("*", List.of(new MaskRegion(0, 0, 8, 4)))))
                .build();
    }

    static List<Path> inputs() throws Exception {
        try (Stream<Path> s = Files.list(Fixtures.PYDICOM)) {
            List<Path> l = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
            assertTrue(l.size() > 60, "pydicom test files missing: apt-get install python3-pydicom");
            return l;
        }
    }

    @BeforeAll
    void deidentifyEverything() throws Exception {
        Deidentifier d = deidentifier();
        for (Path in : inputs()) {
            // each file is its own patient; per-file output folders because pydicom has one instance in many encodings
            String n = in.getFileName().toString();
            first.put(in, d.deidentifyAll(List.of(in), tmp.resolve("a").resolve(n), Fixtures.ctx(), null)
                    .instances().get(0));
            second.put(in, deidentifier().deidentifyAll(List.of(in), tmp.resolve("b").resolve(n), Fixtures.ctx(), null)
                    .instances().get(0));
            basicOnly.put(in, Deidentifier.builder().key(Fixtures.KEY).profile(Profile.basic())
                    .burnedIn(BurnedInPolicy.mask(Map.of("*", List.of(new MaskRegion(0, 0, 8, 4))))).build()
                    .deidentifyAll(List.of(in), tmp.resolve("c").resolve(n), Fixtures.ctx(), null).instances().get(0));
        }
    }

    private List<InstanceResult> done() {
        return first.values().stream().filter(InstanceResult::done).toList();
    }

    @Test
    void mostFilesAreDoneAndTheDamagedOnesAreRefusedByName() {
        // 31 Secondary Capture files are among them: the uncompressed ones are masked, the compressed ones refused
        assertTrue(done().size() >= 30, "done: " + done().size());
        for (String sc : List.of("JPEG2000.dcm", "JPEG-lossy.dcm", "JPGExtended.dcm", "GDCMJ2K_TextGBR.dcm")) {
            InstanceResult r = first.get(Fixtures.PYDICOM.resolve(sc));
            assertFalse(r.done(), sc);
            assertTrue(r.refusal().contains("SOP class 1.2.840.10008.5.1.4.1.1.7") && r.refusal().contains("compressed"),
                    r.refusal());
        }
        assertTrue(first.get(Fixtures.PYDICOM.resolve("SC_rgb_small_odd.dcm")).done(), "uncompressed SC: masked");
        for (String damaged : List.of("MR_truncated.dcm", "rtplan_truncated.dcm", "no_meta.dcm")) {
            InstanceResult r = first.get(Fixtures.PYDICOM.resolve(damaged));
            assertFalse(r.done(), damaged);
            assertTrue(r.refusal().contains(damaged), r.refusal());
            assertTrue(r.refusal().contains("offset"), r.refusal());
        }
        // nothing half-written where output belongs
        for (InstanceResult r : first.values()) {
            if (!r.done()) {
                Path dir = tmp.resolve("a").resolve(r.source().getFileName().toString());
                assertEquals(0, dir.toFile().list().length, "files left for a refused input: " + dir);
            }
        }
    }

    @Test
    void pydicomReadsEveryOutput() throws Exception {
        List<Path> outs = done().stream().map(InstanceResult::output).toList();
        String report = Fixtures.pydicomReadsAll(outs);
        assertEquals(outs.size(), report.lines().filter(l -> l.startsWith("OK")).count());
    }

    @Test
    void twoRunsWithTheSameKeyAreByteIdentical() throws Exception {
        for (Map.Entry<Path, InstanceResult> e : first.entrySet()) {
            InstanceResult a = e.getValue();
            InstanceResult b = second.get(e.getKey());
            assertEquals(a.done(), b.done());
            if (a.done()) {
                assertArrayEquals(Files.readAllBytes(a.output()), Files.readAllBytes(b.output()), a.output().toString());
            }
        }
    }

    @Test
    void noIdentifierOfTheInputIsLeftInItsOutput() throws Exception {
        int checked = 0;
        for (InstanceResult r : done()) {
            DataSet in = Fixtures.read(r.source());
            List<String> ids = new ArrayList<>();
            for (int t : new int[] {0x00100010, 0x00100020, 0x00100030, 0x00080050, 0x00101000, 0x00080090,
                0x00081050, 0x00081070, 0x00200010}) {
                String v = in.getString(Tag.of(t));
                if (v != null && v.trim().length() >= 3 && !v.trim().equals("ANONYMOUS")) {
                    ids.add(v.trim());
                }
            }
            List<LeakHit> hits = LeakScanner.of(ids).scan(r.output());
            assertEquals(List.of(), hits, r.source().getFileName().toString());
            checked += ids.isEmpty() ? 0 : 1;
        }
        assertTrue(checked >= 30, "files with identifiers checked: " + checked);
    }

    @Test
    void dciodvfyFindsNoErrorTheInputLacked() throws Exception {
        int compared = 0;
        List<InstanceResult> all = new ArrayList<>(done());
        basicOnly.values().stream().filter(InstanceResult::done).forEach(all::add);
        List<String> news = new ArrayList<>();
        for (InstanceResult r : all) {
            Set<String> before = errors(r.source());
            if (before.contains("Error - Dicom dataset read failed")) {
                // dciodvfy cannot read deflated data sets at all: dcmtk checks those outputs instead
                int[] code = new int[1];
                Fixtures.run(code, "dcmdump", "-E", r.output().toString());
                assertEquals(0, code[0], "dcmdump cannot read " + r.output());
                continue;
            }
            Set<String> after = errors(r.output());
            after.removeAll(before);
            after.forEach(x -> news.add(r.source().getFileName() + ": " + x));
            compared++;
        }
        assertEquals(List.of(), news, "new dciodvfy errors");
        assertTrue(compared >= 60, "compared " + compared);
    }

    static Set<String> errors(Path f) throws Exception {
        String out = Fixtures.run(null, "dciodvfy", "-new", f.toString());
        Set<String> e = new LinkedHashSet<>();
        for (String l : out.split("\n")) {
            if (l.startsWith("Error")) {
                e.add(normalised(l));
            }
        }
        return e;
    }

    /**
     * A dciodvfy message without the values that differ between input and output (UIDs, dates, counts), but
     * with what says which error it is: the attribute path {@code </Name(gggg,eeee)>} (item numbers dropped),
     * the module {@code Module=<...>} and the type ({@code Type 1}, {@code Type 2C}).
     */
    static String normalised(String line) {
        if (line.startsWith("Error - Dicom dataset read failed")) {
            return line;
        }
        StringBuilder sb = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("</[^>]*>|Module=<[^>]*>|Type \\d[A-Z]?|<[^>]*>|\"[^\"]*\"|\\d+").matcher(line);
        int last = 0;
        while (m.find()) {
            sb.append(line, last, m.start());
            String g = m.group();
            if (g.startsWith("</")) {
                sb.append(g.replaceAll("\\[\\d+\\]", "[]"));
            } else if (g.startsWith("Module=") || g.startsWith("Type ")) {
                sb.append(g);
            } else if (g.startsWith("<")) {
                sb.append("<>");
            } else if (g.startsWith("\"")) {
                sb.append("\"\"");
            } else {
                sb.append('#');
            }
            last = m.end();
        }
        return sb.append(line.substring(last)).toString();
    }

    @Test
    void dciodvfyNormalisationKeepsPathModuleAndType() {
        String a = normalised("Error - </DeviceSerialNumber(0018,1000)> - Missing attribute for Type 1 Required"
                + " - Module=<EnhancedGeneralEquipment>");
        String b = normalised("Error - </Manufacturer(0008,0070)> - Missing attribute for Type 1 Required"
                + " - Module=<EnhancedGeneralEquipment>");
        String c = normalised("Error - </DeviceSerialNumber(0018,1000)> - Missing attribute for Type 2 Required"
                + " - Module=<EnhancedGeneralEquipment>");
        assertFalse(a.equals(b), "the attribute path is kept");
        assertFalse(a.equals(c), "the type is kept");
        assertEquals(normalised("Error - </A(0008,1115)[1]/B(0020,000E)> - Value invalid = <1.2.3> have 3 items"),
                normalised("Error - </A(0008,1115)[2]/B(0020,000E)> - Value invalid = <2.25.99> have 1 items"));
    }

    @Test
    void pixelDataIsUnchangedByteForByteWhenNoPixelOptionApplies() throws Exception {
        int compared = 0;
        for (InstanceResult r : done()) {
            DataSet in = Fixtures.read(r.source());
            DataSet out = Fixtures.read(r.output());
            if (in.get(0x7FE00010) == null || r.manifest().stream().anyMatch(m -> m.path().equals("(7FE0,0010)"))) {
                continue;
            }
            assertArrayEquals(pixels(in), pixels(out), r.source().getFileName().toString());
            compared++;
        }
        assertTrue(compared >= 20, "compared " + compared);
    }

    @Test
    void encodingsAndOddPrivateContentWork() {
        for (String f : List.of("MR_small_implicit.dcm", "MR_small_bigendian.dcm", "ExplVR_BigEndNoMeta.dcm",
                "image_dfl.dcm", "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm", "693_J2KI.dcm",
                "MR_small_jpeg_ls_lossless.dcm", "liver_1frame.dcm", "rtdose.dcm",
                "waveform_ecg.dcm", "test-SR.dcm", "reportsi.dcm", "CT_small.dcm")) {
            InstanceResult r = first.get(Fixtures.PYDICOM.resolve(f));
            assertNotNull(r, f);
            assertTrue(r.done(), f + ": " + r.refusal());
        }
        // files whose top level has no SOP instance (private and UN sequences only) are refused with a reason, not a crash
        for (String f : List.of("priv_SQ.dcm", "nested_priv_SQ.dcm", "UN_sequence.dcm")) {
            InstanceResult r = first.get(Fixtures.PYDICOM.resolve(f));
            assertTrue(r.refusal().contains("SOP Instance UID"), f + ": " + r.refusal());
        }
    }

    static byte[] pixels(DataSet ds) throws Exception {
        DataElement e = ds.get(0x7FE00010);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (e.isFragments()) {
            b.write(e.fragments().basicOffsetTable());
            for (BulkData f : e.fragments().fragments()) {
                try (InputStream in = f.openStream()) {
                    in.transferTo(b);
                }
            }
        } else if (e.isBulkData()) {
            try (InputStream in = e.bulkData().openStream()) {
                in.transferTo(b);
            }
        } else {
            b.write(e.bytes());
        }
        return b.toByteArray();
    }

}
