package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;

/** Behaviour 34: a multi-frame file far larger than the heap is de-identified in a JVM limited to 32 MB. */
@org.junit.jupiter.api.Tag("external")
class LargeFileTest {

    @TempDir
    Path tmp;

    @Test
    void aLargeMultiFrameFileNeedsNoMoreHeapThanASmallOne() throws Exception {
        int rows = 512;
        int cols = 512;
        int frames = 600; // 300 MB of pixel data
        long len = (long) rows * cols * 2 * frames;
        Path raw = tmp.resolve("pixels.raw");
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(len);
            f.seek(len / 2);
            f.write("MARK".getBytes());
        }
        DicomFile src = Fixtures.readFile(Fixtures.pydicom("CT_small.dcm"));
        DataSet ds = src.dataSet();
        ds.setLongs(Tag.of(0x00280010), VR.US, rows);
        ds.setLongs(Tag.of(0x00280011), VR.US, cols);
        ds.setString(Tag.of(0x00280008), VR.IS, Integer.toString(frames));
        ds.set(DataElement.of(Tag.of(0x7FE00010), VR.OW, BulkData.ofFile(raw, 0, len), false));
        Path in = tmp.resolve("big.dcm");
        DataSet meta = DicomWriter.createFileMeta("1.2.840.10008.5.1.4.1.1.2", ds.getString(Tag.of(0x00080018)),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        DicomWriter.create().write(new DicomFile(new byte[128], meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null), in);
        Files.delete(raw);
        Path key = tmp.resolve("k");
        Files.write(key, Fixtures.KEY);
        Path out = tmp.resolve("out");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", cp, "org.rpb.pacs.deident.cli.DeidentTool", "deidentify", "--key-file", key.toString(),
                "--patient-id", "P", "--patient-name", "P", "--option", "RetainLongitudinalModifiedDates",
                "--out", out.toString(), in.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "not done in 120 s");
        assertEquals(0, p.exitValue(), log);
        List<Path> o = Fixtures.dicomFiles(out);
        assertEquals(1, o.size());
        assertTrue(Math.abs(Files.size(o.get(0)) - Files.size(in)) < 16384, "pixel data copied whole");
        DataSet d = Fixtures.read(o.get(0));
        BulkData px = d.get(0x7FE00010).bulkData();
        assertEquals(len, px.length());
        byte[] mark = new byte[4];
        try (RandomAccessFile f = new RandomAccessFile(px.file().toFile(), "r")) {
            f.seek(px.offset() + len / 2);
            f.readFully(mark);
        }
        assertEquals("MARK", new String(mark));
    }
}
