package org.rpb.pacs.deident;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;

/**
 * Builds a CT (from pydicom's CT_small.dcm) with patient data planted in hard places: nested sequences, private
 * blocks (safe and unsafe, a private sequence, an orphan private element, a UN value), overlays and curves,
 * descriptions, other patient IDs, request attributes, an Original Attributes Sequence, an icon image, the
 * preamble, unknown dates and UIDs.
 */
final class Planted {

    static final String NAME = "DOE^JOHNATHAN";
    static final String PID = "PAT7654321";
    static final String BIRTH = "19500315";
    static final String ACCESSION = "ACC98765";
    static final String OTHER_ID = "OTHER55555";
    static final String PHYSICIAN = "HOUSE^GREGORY";
    /** The identifiers the leak scanner looks for. */
    static final List<String> PHI = List.of(NAME, PID, BIRTH, ACCESSION, OTHER_ID, PHYSICIAN);
    static final String STUDY_UID = "1.2.826.0.1.3680043.2.1125.555.1";
    static final String SERIES_UID = "1.2.826.0.1.3680043.2.1125.555.2";
    static final String SOP_UID = "1.2.826.0.1.3680043.2.1125.555.3";

    private Planted() {
    }

    static void text(DataSet ds, int tag, VR vr, String v) {
        ds.setString(Tag.of(tag), vr, v);
    }

    static DataSet item(Object... kv) {
        DataSet d = new DataSet();
        for (int i = 0; i < kv.length; i += 3) {
            int tag = (Integer) kv[i];
            VR vr = (VR) kv[i + 1];
            Object v = kv[i + 2];
            if (v instanceof DataSet[] items) {
                d.setSequence(Tag.of(tag), new Sequence(List.of(items)));
            } else if (v instanceof byte[] b) {
                d.setBytes(Tag.of(tag), vr, b);
            } else {
                d.setString(Tag.of(tag), vr, (String) v);
            }
        }
        return d;
    }

    static Path write(Path out) throws Exception {
        return write(out, NAME, PID);
    }

    static Path write(Path out, String name, String pid) throws Exception {
        return write(out, name, pid, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    static Path write(Path out, TransferSyntax ts) throws Exception {
        return write(out, NAME, PID, ts);
    }

    static Path write(Path out, String name, String pid, TransferSyntax ts) throws Exception {
        DicomFile src = Fixtures.readFile(Fixtures.pydicom("CT_small.dcm"));
        DataSet ds = src.dataSet();
        text(ds, 0x00100010, VR.PN, name);
        text(ds, 0x00100020, VR.LO, pid);
        text(ds, 0x00100030, VR.DA, BIRTH);
        text(ds, 0x00101010, VR.AS, "093Y");
        text(ds, 0x00080050, VR.SH, ACCESSION);
        text(ds, 0x00080090, VR.PN, PHYSICIAN);
        text(ds, 0x00101000, VR.LO, OTHER_ID);
        text(ds, 0x00081030, VR.LO, "CT CHEST ABDOMEN " + BIRTH + " " + PID);
        text(ds, 0x0008103E, VR.LO, "AXIAL 5mm Dr. Doe");
        text(ds, 0x00204000, VR.LT, "Patient JOHNATHAN DOE called");
        text(ds, 0x00080016, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        text(ds, 0x00080018, VR.UI, SOP_UID);
        text(ds, 0x0020000D, VR.UI, STUDY_UID);
        text(ds, 0x0020000E, VR.UI, SERIES_UID);
        // other patient IDs, nested twice
        ds.setSequence(Tag.of(0x00101002), new Sequence(List.of(item(
                0x00100020, VR.LO, OTHER_ID, 0x00100021, VR.LO, "HOSPITAL X",
                0x00100024, VR.SQ, new DataSet[] {item(0x00400032, VR.UT, "ISSUER " + PID)})))); 
        // request attributes with accession number, a nested code and a name three levels down
        ds.setSequence(Tag.of(0x00400275), new Sequence(List.of(item(
                0x00080050, VR.SH, ACCESSION, 0x00401001, VR.SH, "RP" + ACCESSION,
                0x00321060, VR.LO, "CT for " + NAME,
                0x00400008, VR.SQ, new DataSet[] {item(0x00080100, VR.SH, "X1", 0x00080102, VR.SH, "99L",
                        0x00080104, VR.LO, "chest",
                        0x0040A730, VR.SQ, new DataSet[] {item(0x0040A123, VR.PN, PHYSICIAN,
                                0x0040A124, VR.UI, "1.2.826.0.1.3680043.2.1125.555.9",
                                0x0040A160, VR.UT, "seen by " + PHYSICIAN)})}))));
        // referenced image inside a kept reference sequence: its UID must be remapped
        DataSet refImage = item(0x00081150, VR.UI, "1.2.840.10008.5.1.4.1.1.2", 0x00081155, VR.UI, SOP_UID + ".7",
                0x00410010, VR.LO, "NESTED PRIVATE", 0x00411001, VR.LO, PID);
        ds.setSequence(Tag.of(0x00081140), new Sequence(List.of(refImage)));
        // safe-private list entries with dispositions h (a UID) and o (a date), the second in block 0x11
        text(ds, 0x00090010, VR.LO, "GEMS_GENIE_1");
        text(ds, 0x0009102B, VR.LO, "1.2.826.0.1.3680043.2.1125.555.42");
        text(ds, 0x00090011, VR.LO, "GEMS_PETD_01");
        text(ds, 0x00091105, VR.DT, "20040119101500"); 
        // original attributes, icon image, trailing padding
        ds.setSequence(Tag.of(0x04000561), new Sequence(List.of(item(0x00100010, VR.PN, NAME))));
        ds.setSequence(Tag.of(0x00880200), new Sequence(List.of(item(0x00280010, VR.US, new byte[] {1, 0}))));
        // a date and a UID the table does not name (0018,9074 Frame Acquisition DateTime is named; use
        // Date of Secondary Capture and a retired UID-like attribute)
        text(ds, 0x00181012, VR.DA, "20040119");
        text(ds, 0x00181014, VR.TM, "235900");
        text(ds, 0x00209161, VR.UI, "1.2.826.0.1.3680043.2.1125.555.77");
        text(ds, 0x00080058, VR.UI, "1.2.826.0.1.3680043.2.1125.555.80\\1.2.826.0.1.3680043.2.1125.555.81");
        // overlay and curve groups with the name inside
        ds.setBytes(Tag.of(0x60000010), VR.US, new byte[] {8, 0});
        ds.setBytes(Tag.of(0x60000011), VR.US, new byte[] {8, 0});
        ds.setBytes(Tag.of(0x60003000), VR.OW, NAME.getBytes(StandardCharsets.US_ASCII));
        text(ds, 0x60004000, VR.LT, "overlay by " + NAME);
        text(ds, 0x50002500, VR.LO, "curve " + PID);
        // the other 15 overlay groups, 6002 to 601E
        for (int g = 0x6002; g <= 0x601E; g += 2) {
            ds.setBytes(Tag.of((g << 16) | 0x0010), VR.US, new byte[] {8, 0});
            ds.setBytes(Tag.of((g << 16) | 0x3000), VR.OW, (NAME + " ").getBytes(StandardCharsets.US_ASCII));
            text(ds, (g << 16) | 0x4000, VR.LT, "overlay of " + PID);
        }
        // private blocks: a GE block at 0x10 (safe and unsafe elements), one at block 0x11 of another creator
        text(ds, 0x00190010, VR.LO, "GEMS_ACQU_01");
        text(ds, 0x00190011, VR.LO, "ACME PHI STORE");
        ds.setLongs(Tag.of(0x00191002), VR.SL, 888);               // k: Number Of Cells In Detector
        text(ds, 0x00191003, VR.DS, "1.5");                        // k: Cell Number At Theta
        text(ds, 0x00191105, VR.LO, NAME);                         // unknown creator: removed
        text(ds, 0x00291010, VR.LO, PID);                          // orphan: no creator
        text(ds, 0x00330010, VR.LO, "ODD\\CREATOR ÄÖ");            // odd creator
        ds.setSequence(Tag.of(0x00331001), new Sequence(List.of(item(0x00100010, VR.PN, NAME))));
        // signatures, MAC parameters, encrypted attributes and trailing padding
        ds.setSequence(Tag.of(0xFFFAFFFA), new Sequence(List.of(item(0x04000100, VR.UI, "1.2.826.0.1.3680043.2.1125.555.5",
                0x04000120, VR.OB, NAME.getBytes(StandardCharsets.US_ASCII)))));
        ds.setSequence(Tag.of(0x4FFE0001), new Sequence(List.of(item(0x04000015, VR.CS, "SHA256"))));
        ds.setSequence(Tag.of(0x04000500), new Sequence(List.of(item(0x04000510, VR.UI, "1.2.840.10008.1.2.1",
                0x04000520, VR.OB, PID.getBytes(StandardCharsets.US_ASCII)))));
        ds.setBytes(Tag.of(0xFFFCFFFC), VR.OB, (NAME + " PADDING").getBytes(StandardCharsets.US_ASCII));
        // a public attribute no dictionary knows, as UN
        ds.set(DataElement.of(Tag.of(0x0F000010), VR.UN, (NAME + " ").getBytes(StandardCharsets.US_ASCII)));
        ds.set(DataElement.of(Tag.of(0x00331002), VR.UN, (PID + "  ").getBytes(StandardCharsets.US_ASCII)));
        DataSet meta = DicomWriter.createFileMeta("1.2.840.10008.5.1.4.1.1.2", SOP_UID, ts, null);
        byte[] preamble = new byte[128];
        byte[] p = ("PREAMBLE " + NAME).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, preamble, 0, p.length);
        DicomWriter.create().write(new DicomFile(preamble, meta, ds, ts, src.source()), out);
        return out;
    }
}
