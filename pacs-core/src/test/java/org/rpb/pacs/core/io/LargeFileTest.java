package org.rpb.pacs.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.Uid;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;

/**
 * A 1 GiB multi-frame file, generated with the project's own writer, is read, dumped and copied byte for byte by
 * a child JVM whose heap is limited to 64 MB: bulk data never passes through the heap.
 */
@Tag("external")
class LargeFileTest {

    private static final int FRAMES = 1024;
    private static final int ROWS = 1024;
    private static final int COLUMNS = 512;
    private static final long PIXEL_BYTES = (long) FRAMES * ROWS * COLUMNS * 2;

    @Test
    void oneGigabyteMultiFrameFileIsCopiedWith64MbOfHeap(@TempDir Path tmp) throws Exception {
        assertEquals(1L << 30, PIXEL_BYTES);
        // pixel source: a sparse file with a few marks, so that the copy is checked at known places
        Path raw = tmp.resolve("pixels.raw");
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(PIXEL_BYTES);
            for (long pos = 0; pos < PIXEL_BYTES; pos += PIXEL_BYTES / 16) {
                f.seek(pos);
                f.writeLong(0x0123456789ABCDEFL ^ pos);
            }
            f.seek(PIXEL_BYTES - 8);
            f.writeLong(-1L);
        }
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7.3");
        ds.setString(Tags.SOPInstanceUID, VR.UI, Uid.generate().value());
        ds.setString(Tags.StudyInstanceUID, VR.UI, Uid.generate().value());
        ds.setString(Tags.SeriesInstanceUID, VR.UI, Uid.generate().value());
        ds.setString(Tags.Modality, VR.CS, "OT");
        ds.setString(Tags.PatientName, VR.PN, "Large^Test");
        ds.setString(Tags.NumberOfFrames, VR.IS, String.valueOf(FRAMES));
        ds.setLongs(Tags.SamplesPerPixel, VR.US, 1);
        ds.setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setLongs(Tags.Rows, VR.US, ROWS);
        ds.setLongs(Tags.Columns, VR.US, COLUMNS);
        ds.setLongs(Tags.BitsAllocated, VR.US, 16);
        ds.setLongs(Tags.BitsStored, VR.US, 16);
        ds.setLongs(Tags.HighBit, VR.US, 15);
        ds.setLongs(Tags.PixelRepresentation, VR.US, 0);
        ds.set(DataElement.of(Tags.PixelData, VR.OW, BulkData.ofFile(raw, 0, PIXEL_BYTES), false));
        Path big = tmp.resolve("big.dcm");
        DicomWriter.builder().newFileMeta(true).build()
                .write(new DicomFile(null, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null), big);
        Files.delete(raw);
        assertTrue(Files.size(big) > PIXEL_BYTES);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Path copy = tmp.resolve("copy.dcm");
        Peers.Result r = Peers.runRaw(List.of(java, "-Xmx64m", "-cp", cp, "org.rpb.pacs.core.cli.PacsDicomTool",
                "copy", big.toString(), copy.toString()), null, 300);
        assertEquals(0, r.status, r.stderr);
        assertEquals(Files.size(big), Files.size(copy));
        assertEquals(-1, Files.mismatch(big, copy), "the copy is byte for byte");
        Files.delete(copy);

        Peers.Result dump = Peers.runRaw(List.of(java, "-Xmx64m", "-cp", cp, "org.rpb.pacs.core.cli.PacsDicomTool",
                "dump", big.toString()), null, 300);
        assertEquals(0, dump.status, dump.stderr);
        assertTrue(dump.stdout.contains("(7fe0,0010) OW (1073741824 bytes at offset"), dump.stdout);
        assertTrue(dump.stdout.contains("[1024]"), "NumberOfFrames shown");
    }
}
