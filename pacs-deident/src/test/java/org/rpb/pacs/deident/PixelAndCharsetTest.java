package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.deident.pixel.BurnedInPolicy;
import org.rpb.pacs.deident.pixel.MaskRegion;
import org.rpb.pacs.deident.scan.LeakScanner;

/** Burned-in annotation (behaviour 24) and character sets (behaviour 33). */
@org.junit.jupiter.api.Tag("external")
class PixelAndCharsetTest {

    @TempDir
    Path tmp;

    private static final Path CHARSETS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/charset_files");

    @Test
    void ultrasoundIsRefusedWithoutAMaskAndMaskedWithOne() throws Exception {
        Path us = Fixtures.pydicom("ExplVR_BigEnd.dcm"); // US, explicit big endian, 8 bit
        Path out = tmp.resolve("us.dcm");
        DeidentificationException e = assertThrows(DeidentificationException.class, () -> Deidentifier.builder()
                .key(Fixtures.KEY).build().deidentify(us, out, Fixtures.ctx()));
        assertTrue(e.getMessage().contains("modality US"), e.getMessage());
        assertFalse(Files.exists(out));

        MaskRegion r = new MaskRegion(10, 5, 20, 8);
        InstanceResult res = Deidentifier.builder().key(Fixtures.KEY)
                .burnedIn(BurnedInPolicy.mask(Map.of("US", List.of(r)))).build().deidentify(us, out, Fixtures.ctx());
        DataSet in = Fixtures.read(us);
        DataSet ds = Fixtures.read(out);
        assertEquals("NO", ds.getString(Tag.of(0x00280301)));
        assertTrue(ds.getSequence(Tag.of(0x00120064)).items().stream()
                .anyMatch(i -> "113101".equals(i.getString(Tag.of(0x00080100)))));
        byte[] before = RealFilesTest.pixels(in);
        byte[] after = RealFilesTest.pixels(ds);
        assertEquals(before.length, after.length);
        int rows = in.getInt(Tag.of(0x00280010), 0);
        int cols = in.getInt(Tag.of(0x00280011), 0);
        int spp = in.getInt(Tag.of(0x00280002), 1);
        assertEquals(1, in.getInt(Tag.of(0x00280006), 0), "this file is planar (RRR..GGG..BBB)");
        assertEquals(3, spp);
        int frames = Math.max(1, in.getInt(Tag.of(0x00280008), 1));
        int changedOutside = 0;
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    for (int k = 0; k < spp; k++) {
                        int i = ((f * spp + k) * rows + y) * cols + x;
                        boolean inside = x >= 10 && x < 30 && y >= 5 && y < 13;
                        if (inside) {
                            assertEquals(0, after[i], "masked pixel " + x + "," + y);
                        } else if (before[i] != after[i]) {
                            changedOutside++;
                        }
                    }
                }
            }
        }
        assertEquals(0, changedOutside);
        assertTrue(res.manifest().stream().anyMatch(m -> m.path().equals("(7FE0,0010)")));
    }

    @Test
    void declaredBurnedInTextIsRefusedAndCompressedDataCannotBeMasked() throws Exception {
        DicomFile f = Fixtures.readFile(Fixtures.pydicom("CT_small.dcm"));
        f.dataSet().setString(Tag.of(0x00280301), VR.CS, "YES");
        Path in = tmp.resolve("yes.dcm");
        DicomWriter.create().write(f, in);
        DeidentificationException e = assertThrows(DeidentificationException.class, () -> Deidentifier.builder()
                .key(Fixtures.KEY).build().deidentify(in, tmp.resolve("o.dcm"), Fixtures.ctx()));
        assertTrue(e.getMessage().contains("Burned In Annotation YES"), e.getMessage());
        Path jpeg = Fixtures.pydicom("SC_rgb_jpeg_dcmtk.dcm");
        e = assertThrows(DeidentificationException.class, () -> Deidentifier.builder().key(Fixtures.KEY)
                .burnedIn(BurnedInPolicy.mask(Map.of("*", List.of(new MaskRegion(0, 0, 4, 4))))).build()
                .deidentify(jpeg, tmp.resolve("j.dcm"), Fixtures.ctx()));
        assertTrue(e.getMessage().contains("compressed"), e.getMessage());
    }

    private Path ctWith(String name, String sopClass, String modality, String burnedIn) throws Exception {
        DicomFile f = Fixtures.readFile(Fixtures.pydicom("CT_small.dcm"));
        f.dataSet().setString(Tag.of(0x00080016), VR.UI, sopClass);
        f.dataSet().setString(Tag.of(0x00080060), VR.CS, modality);
        if (burnedIn != null) {
            f.dataSet().setString(Tag.of(0x00280301), VR.CS, burnedIn);
        }
        Path in = tmp.resolve(name);
        DicomWriter.create().write(new DicomFile(f.preamble(), DicomWriter.createFileMeta(sopClass,
                f.dataSet().getString(Tag.of(0x00080018)), f.transferSyntax(), null), f.dataSet(),
                f.transferSyntax(), f.source()), in);
        return in;
    }

    @Test
    void secondaryCaptureIsSuspectByItsSopClassWhateverItsModality() throws Exception {
        for (String sc : List.of("1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.7.4",
                "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.77.1.4")) {
            Path in = ctWith("sc.dcm", sc, "CT", null);
            Path out = tmp.resolve("sc-out.dcm");
            DeidentificationException e = assertThrows(DeidentificationException.class, () -> Deidentifier.builder()
                    .key(Fixtures.KEY).build().deidentify(in, out, Fixtures.ctx()), sc);
            assertTrue(e.getMessage().contains("SOP class " + sc), e.getMessage());
            assertFalse(Files.exists(out));
        }
        // masked when a mask applies, and then recorded as cleaned
        Path in = ctWith("sc.dcm", "1.2.840.10008.5.1.4.1.1.7", "CT", "NO");
        Path out = tmp.resolve("sc-masked.dcm");
        Deidentifier.builder().key(Fixtures.KEY).burnedIn(BurnedInPolicy.mask(Map.of("*",
                List.of(new MaskRegion(0, 0, 4, 4))))).build().deidentify(in, out, Fixtures.ctx());
        assertTrue(Fixtures.read(out).getSequence(Tag.of(0x00120064)).items().stream()
                .anyMatch(i -> "113101".equals(i.getString(Tag.of(0x00080100)))));
        assertFalse(BurnedInPolicy.isSuspect("CT", "1.2.840.10008.5.1.4.1.1.2", null));
        assertFalse(BurnedInPolicy.isSuspect("CT", "1.2.840.10008.5.1.4.1.1.77.1.5.1", "NO"),
                "a prefix matches only at a dot: 77.1.5 is ophthalmic, not 77.1.4");
    }

    @Test
    void rtImageIsSuspectUnlessItDeclaresNo() throws Exception {
        String rtImage = "1.2.840.10008.5.1.4.1.1.481.1";
        for (String[] c : new String[][] {{"RTIMAGE", null}, {"RTIMAGE", "UNKNOWN"}, {"CT", null}}) {
            Path in = ctWith("rti.dcm", rtImage, c[0], c[1]);
            DeidentificationException e = assertThrows(DeidentificationException.class, () -> Deidentifier.builder()
                    .key(Fixtures.KEY).build().deidentify(in, tmp.resolve("rti-out.dcm"), Fixtures.ctx()),
                    String.join(",", java.util.Arrays.asList(c)));
            assertTrue(e.getMessage().contains("RT Image"), e.getMessage());
        }
        // declaring NO: passed through with its pixels unchanged
        Path in = ctWith("rti-no.dcm", rtImage, "RTIMAGE", "NO");
        Path out = tmp.resolve("rti-no-out.dcm");
        Deidentifier.builder().key(Fixtures.KEY).build().deidentify(in, out, Fixtures.ctx());
        assertArrayEquals(RealFilesTest.pixels(Fixtures.read(in)), RealFilesTest.pixels(Fixtures.read(out)));
        // YES is refused even for an RT Image
        assertTrue(BurnedInPolicy.isSuspect("RTIMAGE", rtImage, "YES"));
        assertFalse(BurnedInPolicy.isSuspect("RTIMAGE", rtImage, "NO"));
    }

    @Test
    void replacementTextIsEncodedInTheFilesCharacterSet() throws Exception {
        Map<String, String> names = Map.of(
                "chrFren.dcm", "Müller^Jürgen", "chrGreek.dcm", "Παπαδόπουλος^Νίκος",
                "chrRuss.dcm", "Иванов^Иван", "chrH31.dcm", "Suzuki^Hanako=鈴木^花子",
                "chrI2.dcm", "Kim^Minsu=김^민수", "chrX1.dcm", "Li^XiaoMing=李^小明",
                "chrX2.dcm", "Li^XiaoMing=李^小明", "chrHbrw.dcm", "כהן^דוד", "chrArab.dcm", "حداد^سمير");
        StringBuilder py = new StringBuilder("import pydicom, sys\nfor f in sys.argv[1:]:\n"
                + "    print(str(pydicom.dcmread(f).PatientName))\n");
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", py.toString()));
        List<String> expected = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(names).entrySet()) {
            Path in = CHARSETS.resolve(e.getKey());
            Path out = tmp.resolve(e.getKey());
            Deidentifier.builder().key(Fixtures.KEY).burnedIn(BurnedInPolicy.mask(Map.of("OT",
                    List.of(new MaskRegion(0, 0, 1, 1))))).build().deidentify(in, out,
                    SubjectContext.builder("PID-1", e.getValue()).build());
            cmd.add(out.toString());
            expected.add(e.getValue());
            String original = Fixtures.read(in).getString(Tag.of(0x00100010));
            assertEquals(List.of(), LeakScanner.of(List.of(original)).scan(out), e.getKey());
            assertEquals(Fixtures.read(in).getString(Tag.of(0x00080005)), Fixtures.read(out).getString(Tag.of(0x00080005)),
                    "Specific Character Set unchanged");
        }
        int[] code = new int[1];
        String got = Fixtures.run(code, cmd.toArray(new String[0]));
        assertEquals(0, code[0], got);
        assertEquals(expected, got.lines().toList());
    }

    @Test
    void aValueTheCharacterSetCannotHoldRefusesTheFile() throws Exception {
        DeidentificationException e = assertThrows(DeidentificationException.class, () -> Deidentifier.builder()
                .key(Fixtures.KEY).burnedIn(BurnedInPolicy.mask(Map.of("OT", List.of(new MaskRegion(0, 0, 1, 1)))))
                .build().deidentify(CHARSETS.resolve("chrFren.dcm"), tmp.resolve("o.dcm"),
                        SubjectContext.builder("PID-1", "山田^花子").build()));
        assertTrue(e.getMessage().contains("(0010,0010)") && e.getMessage().contains("Specific Character Set"),
                e.getMessage());
    }

    @Test
    void keptAttributesKeepTheirBytes() throws Exception {
        Path in = Fixtures.pydicom("MR_small.dcm");
        Path out = tmp.resolve("mr.dcm");
        InstanceResult r = Deidentifier.builder().key(Fixtures.KEY).build().deidentify(in, out, Fixtures.ctx());
        DataSet a = Fixtures.read(in);
        DataSet b = Fixtures.read(out);
        java.util.Set<String> touched = new java.util.HashSet<>();
        r.manifest().forEach(m -> touched.add(m.path()));
        int same = 0;
        for (DataElement e : a) {
            String p = Tag.toString(e.tag().value());
            if (touched.contains(p) || !e.isBytes() || e.tag().isGroupLength()) {
                continue;
            }
            assertArrayEquals(e.bytes(), b.get(e.tag()).bytes(), p);
            same++;
        }
        assertTrue(same > 20, "kept elements compared: " + same);
        assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, Fixtures.readFile(out).transferSyntax());
    }
}
