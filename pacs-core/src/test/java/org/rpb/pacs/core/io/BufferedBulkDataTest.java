package org.rpb.pacs.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Fragments;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;

/**
 * {@code DicomReader.Builder.keepBufferedBulkData}: bulk values over the threshold whose bytes the first read
 * brought into the buffer are held in memory, those beyond it stay in the file; either way the file is written
 * back byte for byte.
 */
class BufferedBulkDataTest {

    @TempDir
    Path tmp;

    private static final long THRESHOLD = 16 * 1024;
    private final DicomReader keeping = DicomReader.builder().bulkDataThreshold(THRESHOLD).keepBufferedBulkData(true)
            .build();
    private final DicomReader referencing = DicomReader.builder().bulkDataThreshold(THRESHOLD).build();
    private final DicomWriter writer = DicomWriter.create();

    private Path image(String name, int pixelBytes, TransferSyntax ts, boolean fragments) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tags.SOPInstanceUID, VR.UI, "1.2.3.4." + pixelBytes);
        ds.setString(Tags.PatientName, VR.PN, "Buffered^Test");
        byte[] pixels = new byte[pixelBytes];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31 + i / 251);
        }
        if (fragments) {
            int half = pixelBytes / 2;
            ds.set(DataElement.of(Tags.PixelData, VR.OB, new Fragments(new byte[0], List.of(
                    BulkData.ofBytes(java.util.Arrays.copyOfRange(pixels, 0, half)),
                    BulkData.ofBytes(java.util.Arrays.copyOfRange(pixels, half, pixelBytes))))));
        } else {
            ds.set(DataElement.of(Tags.PixelData, VR.OW, pixels));
        }
        Path f = tmp.resolve(name);
        DicomWriter.builder().newFileMeta(true).build().write(new DicomFile(null, new DataSet(), ds, ts, null), f);
        return f;
    }

    private void assertWrittenBack(DicomReader reader, Path in) throws Exception {
        Path out = tmp.resolve("out-" + in.getFileName());
        writer.write(reader.read(in), out);
        assertEquals(-1, Files.mismatch(in, out), "written back byte for byte");
    }

    @Test
    void aSmallFilesPixelDataIsHeldInMemoryAndWrittenBackUnchanged() throws Exception {
        Path small = image("small.dcm", 32 * 1024, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false);
        DataElement kept = keeping.read(small).dataSet().get(Tags.PixelData);
        assertTrue(kept.isBytes(), "within the bytes read: in memory");
        assertEquals(32 * 1024, kept.length());
        DataElement referenced = referencing.read(small).dataSet().get(Tags.PixelData);
        assertFalse(referenced.isBytes(), "without the option: left in the file");
        assertEquals(small, referenced.bulkData().file());
        assertWrittenBack(keeping, small);
        assertWrittenBack(referencing, small);
    }

    @Test
    void pixelDataBeyondTheBytesReadStaysInTheFile() throws Exception {
        Path large = image("large.dcm", 256 * 1024, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false);
        DataElement e = keeping.read(large).dataSet().get(Tags.PixelData);
        assertFalse(e.isBytes(), "larger than the read buffer: a reference");
        assertEquals(large, e.bulkData().file());
        assertWrittenBack(keeping, large);
    }

    @Test
    void fragmentsWithinTheBytesReadAreHeldInMemory() throws Exception {
        Path small = image("fragments.dcm", 40 * 1024, TransferSyntax.JPEG_BASELINE, true);
        List<BulkData> frags = keeping.read(small).dataSet().get(Tags.PixelData).fragments().fragments();
        assertEquals(2, frags.size());
        assertTrue(frags.stream().allMatch(BulkData::isInMemory), "both fragments within the bytes read");
        assertTrue(referencing.read(small).dataSet().get(Tags.PixelData).fragments().fragments().stream()
                .noneMatch(BulkData::isInMemory), "without the option: left in the file");
        assertWrittenBack(keeping, small);
        assertWrittenBack(referencing, small);
    }
}
