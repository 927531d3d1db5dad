package org.rpb.pacs.deident.cds;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;

/**
 * Writes the input of the class-data-sharing training run at package time (pom.xml): a key and a few small
 * synthetic CT files with dates, UIDs, a private block and a nested sequence, so that the training run loads
 * the classes a real de-identification loads. Not a test; no patient data.
 *
 * <pre>  CdsTrainingData DIR     writes DIR/key and DIR/in/*.dcm</pre>
 */
public final class CdsTrainingData {

    private CdsTrainingData() {
    }

    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(dir.resolve("key"), "class-data-sharing-training-key!".getBytes(StandardCharsets.US_ASCII));
        for (int i = 1; i <= 20; i++) {
            String sop = "1.2.826.0.1.3680043.2.1125.9." + i;
            DataSet ds = new DataSet();
            ds.setString(Tags.SpecificCharacterSet, VR.CS, "ISO_IR 100");
            ds.setString(Tags.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.setString(Tags.SOPInstanceUID, VR.UI, sop);
            ds.setString(Tags.StudyDate, VR.DA, "20240131");
            ds.setString(Tags.StudyTime, VR.TM, "235959.5");
            ds.setString(Tags.ContentDate, VR.DA, "20240201");
            ds.setString(Tags.ContentTime, VR.TM, "000101");
            ds.setString(Tags.AccessionNumber, VR.SH, "A1");
            ds.setString(Tags.Modality, VR.CS, "CT");
            ds.setString(Tags.StudyDescription, VR.LO, "CT CHEST");
            ds.setString(Tags.PatientName, VR.PN, "TRAINING^DATA");
            ds.setString(Tags.PatientID, VR.LO, "T1");
            ds.setString(Tags.PatientBirthDate, VR.DA, "19700101");
            ds.setString(Tags.PatientAge, VR.AS, "054Y");
            ds.setString(Tags.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.9");
            ds.setString(Tags.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.9.0");
            ds.setString(Tags.FrameOfReferenceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.9.99");
            DataSet ref = new DataSet();
            ref.setString(Tags.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ref.setString(Tags.ReferencedSOPInstanceUID, VR.UI, sop + ".1");
            ds.setSequence(Tags.ReferencedImageSequence, new Sequence(List.of(ref)));
            ds.setString(org.rpb.pacs.core.data.Tag.of(0x00190010), VR.LO, "GEMS_ACQU_01");
            ds.setLongs(org.rpb.pacs.core.data.Tag.of(0x00191002), VR.SL, 888);
            ds.setLongs(Tags.Rows, VR.US, 16);
            ds.setLongs(Tags.Columns, VR.US, 16);
            ds.setLongs(Tags.BitsAllocated, VR.US, 16);
            ds.setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2");
            ds.setBytes(Tags.PixelData, VR.OW, new byte[16 * 16 * 2]);
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            DataSet meta = DicomWriter.createFileMeta("1.2.840.10008.5.1.4.1.1.2", sop, ts, null);
            DicomWriter.create().write(new DicomFile(new byte[128], meta, ds, ts, null), in.resolve(i + ".dcm"));
        }
    }
}
