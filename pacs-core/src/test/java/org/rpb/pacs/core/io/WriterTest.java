package org.rpb.pacs.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.Uid;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;

/**
 * Changed elements are encoded correctly (lengths of enclosing defined-length sequences and items recomputed,
 * padding per VR), in every transfer syntax, and pydicom and dcmdump read the result; unchanged parts stay
 * identical.
 */
@org.junit.jupiter.api.Tag("external")
class WriterTest {

    @TempDir
    Path tmp;

    private final DicomReader reader = DicomReader.create();
    private final DicomWriter writer = DicomWriter.create();

    /** Prints every element as "path = value" (text decoded, numbers as Python shows them), JSON-quoted lines. */
    private static final String PYTHON = String.join("\n",
            "import sys, json, warnings",
            "warnings.simplefilter('ignore')",
            "import pydicom",
            "def walk(ds, path, out):",
            "    for elem in ds:",
            "        p = path + '%08x' % int(elem.tag)",
            "        if elem.VR == 'SQ':",
            "            out.append(p + ' = <%d items>' % len(elem.value))",
            "            for i, item in enumerate(elem.value):",
            "                walk(item, p + '[%d]/' % i, out)",
            "        elif isinstance(elem.value, bytes):",
            "            out.append(p + ' = <%d bytes>' % len(elem.value))",
            "        elif isinstance(elem.value, pydicom.multival.MultiValue):",
            "            out.append(p + ' = ' + '\\\\'.join(str(x) for x in elem.value))",
            "        else:",
            "            out.append(p + ' = ' + str(elem.value))",
            "ds = pydicom.dcmread(sys.argv[1])",
            "out = []",
            "walk(ds.file_meta, '', out)",
            "walk(ds, '', out)",
            "for o in out:",
            "    print(json.dumps(o))");

    private static Map<String, String> pydicom(Path f) throws Exception {
        Peers.requirePython();
        String out = Peers.run(List.of(Peers.PYTHON.toString(), "-c", PYTHON, f.toString()), null, 60);
        Map<String, String> m = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String s = (String) MiniJson.parseObject("{\"v\":" + line + "}").get("v");
            int eq = s.indexOf(" = ");
            m.put(s.substring(0, eq), s.substring(eq + 3));
        }
        return m;
    }

    /** dcmdump must read the file without any warning or error. */
    private static void dcmdumpAccepts(Path f) throws Exception {
        Peers.requireDcmdump();
        Peers.Result r = Peers.runRaw(List.of(Peers.DCMDUMP.toString(), f.toString()), null, 60);
        assertEquals(0, r.status, r.stderr);
        assertEquals("", r.stderr.trim(), "dcmdump complained about " + f);
    }

    private static List<Object[]> rows(DicomFile f) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        PydicomCorpusTest.flatten(f.dataSet(), 0, rows);
        return rows;
    }

    private static String key(Object[] row) {
        return row[0] + " " + row[1] + " " + row[4] + " " + row[6];
    }

    @Test
    void changingANestedValueRecomputesDefinedLengths() throws Exception {
        // rtplan.dcm: implicit VR, sequences and items of defined length nested three deep
        Path src = Peers.testFile("rtplan.dcm");
        DicomFile f = reader.read(src);
        DataSet beam = f.dataSet().getSequence(Tag.of(0x300A00B0)).get(0);
        DataSet cp = beam.getSequence(Tag.of(0x300A0111)).get(0);
        assertFalse(beam.undefinedLengthItem(), "the test needs defined-length items");
        String oldName = beam.getString(Tag.of(0x300A00C2));
        cp.setString(Tag.of(0x300A0118), VR.CS, "A LONGER VALUE"); // odd length before padding? 14: even
        beam.setString(Tag.of(0x300A00C2), VR.LO, "Beam name that is longer"); // 24
        beam.setString(Tag.of(0x300A00C3), VR.ST, "odd"); // padded with a space
        assertTrue(f.dataSet().isModified());
        Path out = tmp.resolve("plan.dcm");
        writer.write(f, out);
        assertNotEquals(Files.size(src), Files.size(out));

        DicomFile back = reader.read(out);
        DataSet beam2 = back.dataSet().getSequence(Tag.of(0x300A00B0)).get(0);
        assertEquals("Beam name that is longer", beam2.getString(Tag.of(0x300A00C2)));
        assertEquals(4, beam2.get(Tag.of(0x300A00C3)).length(), "ST padded to even length");
        assertEquals("odd", beam2.getString(Tag.of(0x300A00C3)));
        assertNotEquals(oldName, beam2.getString(Tag.of(0x300A00C2)));

        Map<String, String> py = pydicom(out);
        assertEquals("Beam name that is longer", py.get("300a00b0[0]/300a00c2"));
        assertEquals("A LONGER VALUE", py.get("300a00b0[0]/300a0111[0]/300a0118"));
        assertEquals("odd", py.get("300a00b0[0]/300a00c3"));
        dcmdumpAccepts(out);

        // all other elements unchanged: compare the element rows, except the three changed ones
        List<Object[]> a = rows(f);
        List<Object[]> b = rows(back);
        assertEquals(a.size(), b.size());
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            if (key(a.get(i)).equals(key(b.get(i)))) {
                same++;
            }
        }
        assertTrue(same >= a.size() - 3, same + " of " + a.size() + " rows unchanged");
    }

    @Test
    void explicitLittleEndianItemsOfDefinedLengthAndNewSequences() throws Exception {
        Path src = Peers.testFile("test-SR.dcm");
        DicomFile f = reader.read(src);
        Sequence content = f.dataSet().getSequence(Tag.of(0x0040A730));
        DataSet first = content.get(0);
        assertFalse(first.undefinedLengthItem());
        first.setString(Tag.of(0x0040A160), VR.UT, "replaced text");
        DataSet item = new DataSet();
        item.setString(Tags.CodeValue, VR.SH, "113100");
        item.setString(Tags.CodingSchemeDesignator, VR.SH, "DCM");
        item.setString(Tags.CodeMeaning, VR.LO, "Basic Application Confidentiality Profile");
        f.dataSet().setSequence(Tags.DeidentificationMethodCodeSequence, new Sequence(List.of(item)));
        f.dataSet().remove(Tags.PatientBirthDate);
        Path out = tmp.resolve("sr.dcm");
        writer.write(f, out);
        Map<String, String> py = pydicom(out);
        assertEquals("Basic Application Confidentiality Profile", py.get("00120064[0]/00080104"));
        assertEquals("<1 items>", py.get("00120064"));
        assertNull(py.get("00100030"));
        assertTrue(py.containsValue("replaced text"));
        dcmdumpAccepts(out);
    }

    @Test
    void bigEndianChangesAreSwappedAndPixelDataKept() throws Exception {
        Path src = Peers.testFile("MR_small_bigendian.dcm");
        DicomFile f = reader.read(src);
        assertEquals(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, f.transferSyntax());
        f.dataSet().setLongs(Tags.Rows, VR.US, 64); // same value, re-encoded little endian in memory
        f.dataSet().setLongs(Tag.of(0x00181310), VR.US, 0, 64, 64, 0);
        f.dataSet().setString(Tags.PatientName, VR.PN, "Test^Big^Endian");
        Path out = tmp.resolve("be.dcm");
        writer.write(f, out);
        Map<String, String> py = pydicom(out);
        assertEquals("64", py.get("00280010"));
        assertEquals("[0, 64, 64, 0]", py.get("00181310"));
        assertEquals("Test^Big^Endian", py.get("00100010"));
        DicomFile back = reader.read(out);
        assertEquals(64, back.dataSet().getInt(Tags.Rows, -1));
        assertArrayEquals(reader.read(src).dataSet().get(Tags.PixelData).bulkData() == null
                        ? reader.read(src).dataSet().getBytes(Tags.PixelData)
                        : reader.read(src).dataSet().get(Tags.PixelData).bulkData().readAllBytes(),
                pixelBytes(back.dataSet()));
        dcmdumpAccepts(out);
    }

    private static byte[] pixelBytes(DataSet ds) throws IOException {
        DataElement px = ds.get(Tags.PixelData);
        return px.isBulkData() ? px.bulkData().readAllBytes() : px.bytes();
    }

    @Test
    void deflatedFilesAreCopiedAsCompressedOrRecompressedWhenChanged() throws Exception {
        Path src = Peers.testFile("image_dfl.dcm");
        DicomFile f = reader.read(src);
        assertTrue(f.transferSyntax().deflated());
        Path same = tmp.resolve("same.dcm");
        writer.write(f, same);
        assertEquals(-1, Files.mismatch(src, same));

        f.dataSet().setString(Tags.PatientName, VR.PN, "Deflated^Changed");
        Path out = tmp.resolve("dfl.dcm");
        writer.write(f, out);
        Map<String, String> py = pydicom(out);
        assertEquals("Deflated^Changed", py.get("00100010"));
        DicomFile back = reader.read(out);
        assertEquals("Deflated^Changed", back.dataSet().getString(Tags.PatientName));
        assertArrayEquals(pixelBytes(reader.read(src).dataSet()), pixelBytes(back.dataSet()));
        dcmdumpAccepts(out);
    }

    @Test
    void encapsulatedPixelDataKeepsItsBasicOffsetTableAndFragments() throws Exception {
        for (String name : new String[] {"SC_rgb_rle_2frame.dcm", "JPEG2000.dcm", "emri_small_jpeg_2k_lossless.dcm"}) {
            Path src = Peers.testFile(name);
            if (!Files.exists(src)) {
                continue;
            }
            DicomFile f = reader.read(src);
            DataElement px = f.dataSet().get(Tags.PixelData);
            assertTrue(px.isFragments(), name);
            f.dataSet().setString(Tags.PatientID, VR.LO, "CHANGED");
            Path out = tmp.resolve(name);
            writer.write(f, out);
            DataElement px2 = reader.read(out).dataSet().get(Tags.PixelData);
            assertArrayEquals(px.fragments().basicOffsetTable(), px2.fragments().basicOffsetTable(), name);
            assertEquals(px.fragments().fragments().size(), px2.fragments().fragments().size());
            for (int i = 0; i < px.fragments().fragments().size(); i++) {
                assertArrayEquals(px.fragments().fragments().get(i).readAllBytes(),
                        px2.fragments().fragments().get(i).readAllBytes());
            }
            dcmdumpAccepts(out);
        }
        // the RLE file has a non-empty Basic Offset Table with one entry per frame
        DataElement rle = reader.read(Peers.testFile("SC_rgb_rle_2frame.dcm")).dataSet().get(Tags.PixelData);
        assertEquals(8, rle.fragments().basicOffsetTableLength());
    }

    @Test
    void newFileMetaInformationHasARecomputedGroupLength() throws Exception {
        DicomFile f = reader.read(Peers.testFile("ExplVR_LitEndNoMeta.dcm"));
        assertFalse(f.hasPreamble());
        assertTrue(f.fileMeta().isEmpty());
        Path out = tmp.resolve("meta.dcm");
        DicomWriter.builder().newFileMeta(true).sourceApplicationEntityTitle("RPB").build().write(f, out);
        DicomFile back = reader.read(out);
        assertTrue(back.hasPreamble());
        assertEquals(DicomWriter.IMPLEMENTATION_CLASS_UID, back.fileMeta().getString(Tags.ImplementationClassUID));
        assertEquals(f.dataSet().getString(Tags.SOPInstanceUID),
                back.fileMeta().getString(Tags.MediaStorageSOPInstanceUID));
        long groupLength = back.fileMeta().getLong(Tags.FileMetaInformationGroupLength, -1);
        long rest = 0;
        for (DataElement e : back.fileMeta()) {
            if (!e.tag().isGroupLength()) {
                rest += e.vr().explicitHeaderLength() + e.length();
            }
        }
        assertEquals(rest, groupLength);
        Map<String, String> py = pydicom(out);
        assertEquals("RPB", py.get("00020016"));
        dcmdumpAccepts(out);

        // changing the meta information of a read file recomputes its group length too
        DicomFile ct = reader.read(Peers.testFile("CT_small.dcm"));
        ct.fileMeta().setString(Tags.SourceApplicationEntityTitle, VR.AE, "A_MUCH_LONGER_AE");
        Path out2 = tmp.resolve("meta2.dcm");
        writer.write(ct, out2);
        dcmdumpAccepts(out2);
        assertEquals("A_MUCH_LONGER_AE", pydicom(out2).get("00020016"));
    }

    @Test
    void bareDataSetsInEveryUncompressedTransferSyntax() throws Exception {
        DataSet ds = reader.read(Peers.testFile("CT_small.dcm")).dataSet();
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN}) {
            byte[] encoded = writer.encode(ds, ts);
            DataSet back = reader.readDataSet(encoded, ts);
            assertEquals(ds.size(), back.size(), ts.name());
            assertEquals(ds.getString(Tags.PatientName), back.getString(Tags.PatientName));
            assertEquals(ds.getInt(Tags.Columns, -1), back.getInt(Tags.Columns, -2), ts.name());
            byte[] px = pixelBytes(back);
            if (back.get(Tags.PixelData).bigEndian()) {
                DicomWriter.swapInPlace(px, 0, px.length, 2);
            }
            assertArrayEquals(pixelBytes(ds), px, ts.name());
            // written as a Part 10 file, pydicom reads it
            Path out = tmp.resolve("ts-" + ts.uid() + ".dcm");
            DataSet copy = ds.copy();
            copy.remove(Tag.of(0xFFFCFFFC));
            DicomWriter.builder().newFileMeta(true).build()
                    .write(new DicomFile(null, new DataSet(), copy, ts, null), out);
            Map<String, String> py = pydicom(out);
            assertEquals(ds.getString(Tags.PatientName), py.get("00100010"), ts.name());
            assertEquals(String.valueOf(ds.getInt(Tags.Columns, -1)), py.get("00280011"), ts.name());
            dcmdumpAccepts(out);
        }
    }

    @Test
    void streamingVisitorAndHeaderSummary() throws Exception {
        Path ct = Peers.testFile("CT_small.dcm");
        List<String> seen = new ArrayList<>();
        reader.stream(ct, new DicomVisitor() {
            @Override
            public Action element(DataElement element, int depth, long offset) {
                seen.add(depth + " " + element.tag());
                return element.tag().equals(Tags.Rows) ? Action.STOP : Action.CONTINUE;
            }
        });
        assertEquals("0 (0028,0010)", seen.get(seen.size() - 1), "the walk stopped where the visitor asked");
        assertTrue(seen.stream().anyMatch(x -> x.startsWith("1 ")), "nested elements arrive with their depth");

        HeaderSummary h = reader.readHeaderSummary(ct);
        DataSet full = reader.read(ct).dataSet();
        assertEquals(full.getString(Tags.StudyInstanceUID), h.studyInstanceUid());
        assertEquals(full.getString(Tags.SeriesInstanceUID), h.seriesInstanceUid());
        assertEquals(full.getString(Tags.SOPInstanceUID), h.sopInstanceUid());
        assertEquals("CT", h.modality());
        assertEquals(full.getString(Tags.PatientID), h.patientId());
        assertTrue(Uid.isValid(h.studyInstanceUid()));
        assertFalse(h.toString().contains(h.patientId()), "no patient data in toString");

        // the summary does not need the pixel data: a file cut inside it still gives the summary
        byte[] b = Files.readAllBytes(ct);
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 20000));
        assertEquals(h.sopInstanceUid(), reader.readHeaderSummary(cut).sopInstanceUid());
    }

    @Test
    void unValuesOfStandardAttributesAreReadableAndUnSequencesAreOpened() throws Exception {
        // rtdose_rle.dcm was converted by a toolkit that wrote every attribute as UN
        DicomFile f = reader.read(Peers.testFile("rtdose_rle.dcm"));
        DataElement name = f.dataSet().get(Tags.PatientName);
        assertEquals(VR.UN, name.vr());
        assertEquals("Lastname^Firstname", f.dataSet().getString(Tags.PatientName));
        assertEquals("Lastname^Firstname", reader.readHeaderSummary(Peers.testFile("rtdose_rle.dcm")).patientName());
        // (300C,0002) Referenced RT Plan Sequence arrived as UN of defined length: its items are visible
        DataElement plan = f.dataSet().get(Tag.of(0x300C0002));
        assertEquals(VR.UN, plan.vr());
        assertTrue(plan.isSequence());
        assertEquals(1, plan.sequence().size());
        // (the file's UID has a component with a leading zero: read as it is, refused by Uid)
        assertEquals("1.2.123.456.78.9.0123.4567.89012345678901", plan.sequence().get(0).getString(Tag.of(0x00081155)));
        assertFalse(Uid.isValid(plan.sequence().get(0).getString(Tag.of(0x00081155))));
    }

    @Test
    void groupLengthsAreRecomputedWhereAGroupChanged() throws Exception {
        // ExplVR_BigEnd.dcm carries (gggg,0000) group lengths in its data set
        Path src = Peers.testFile("ExplVR_BigEnd.dcm");
        DicomFile f = reader.read(src);
        long before = f.dataSet().getLong(Tag.of(0x00100000), -1);
        assertTrue(before > 0);
        f.dataSet().setString(Tags.PatientName, VR.PN, "A much longer patient name than before");
        Path out = tmp.resolve("gl.dcm");
        writer.write(f, out);
        DicomFile back = reader.read(out);
        long after = back.dataSet().getLong(Tag.of(0x00100000), -1);
        long sum = 0;
        for (DataElement e : back.dataSet()) {
            if (e.tag().group() == 0x0010 && !e.tag().isGroupLength()) {
                sum += DicomWriter.encodedLength(e, true);
            }
        }
        assertEquals(sum, after);
        assertNotEquals(before, after);
        assertEquals(f.dataSet().getLong(Tag.of(0x00080000), -1), back.dataSet().getLong(Tag.of(0x00080000), -2),
                "an unchanged group keeps its length");
        dcmdumpAccepts(out);
    }

    @Test
    void writingOverTheSourceFileKeepsItsBulkData() throws Exception {
        Path f = tmp.resolve("inplace.dcm");
        Files.copy(Peers.testFile("CT_small.dcm"), f);
        DicomFile d = DicomReader.builder().bulkDataThreshold(1024).build().read(f);
        assertTrue(d.dataSet().get(Tags.PixelData).isBulkData());
        d.dataSet().setString(Tags.PatientName, VR.PN, "In^Place");
        writer.write(d, f);
        DicomFile back = reader.read(f);
        assertEquals("In^Place", back.dataSet().getString(Tags.PatientName));
        assertArrayEquals(pixelBytes(reader.read(Peers.testFile("CT_small.dcm")).dataSet()), pixelBytes(back.dataSet()));
        try (java.util.stream.Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(".pacs-write")).count(),
                    "no temporary file left behind");
        }
    }

    @Test
    void bulkDataStaysInTheFileAboveTheThreshold() throws Exception {
        Path ct = Peers.testFile("CT_small.dcm");
        DataElement px = DicomReader.builder().bulkDataThreshold(1024).build().read(ct).dataSet().get(Tags.PixelData);
        assertTrue(px.isBulkData());
        assertEquals(ct, px.bulkData().file());
        assertEquals(32768, px.bulkData().length());
        DataElement inMemory = DicomReader.builder().bulkDataThreshold(Long.MAX_VALUE).build().read(ct).dataSet()
                .get(Tags.PixelData);
        assertTrue(inMemory.isBytes());
        assertArrayEquals(px.bulkData().readAllBytes(), inMemory.bytes());
        // and a copy through the reference is still byte for byte
        Path out = tmp.resolve("ref.dcm");
        writer.write(DicomReader.builder().bulkDataThreshold(0).build().read(ct), out);
        assertEquals(-1, Files.mismatch(ct, out));
    }

    @Test
    void valuesLargerThanTheWriteBufferAreWrittenWholeAndOneReaderSharesTags() throws Exception {
        Path ct = Peers.testFile("CT_small.dcm");
        DicomReader inMemory = DicomReader.builder().bulkDataThreshold(Long.MAX_VALUE).build();
        DicomFile d = inMemory.read(ct);
        byte[] big = new byte[200_001]; // three write buffers and an odd length (padded to even)
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        d.dataSet().setBytes(Tag.of(0x00291010), VR.OB, big);
        Path out = tmp.resolve("big.dcm");
        writer.write(d, out);
        DicomFile back = inMemory.read(out);
        byte[] read = back.dataSet().getBytes(Tag.of(0x00291010));
        assertEquals(200_002, read.length);
        assertArrayEquals(big, java.util.Arrays.copyOf(read, big.length));
        assertArrayEquals(d.dataSet().getBytes(Tags.PixelData), back.dataSet().getBytes(Tags.PixelData));
        // the second read of the same reader reuses the first read's Tag objects
        org.junit.jupiter.api.Assertions.assertSame(d.dataSet().get(Tags.PatientName).tag(),
                back.dataSet().get(Tags.PatientName).tag());
    }
}
