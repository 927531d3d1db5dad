import java.io.File;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ClinicalTrialsAttributes;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;

/**
 * The PixelMed baseline: for every file, read, ClinicalTrialsAttributes.removeOrNullIdentifyingAttributes with
 * UIDs remapped and dates modified (the basic profile with UID remapping and date shifting), new file meta
 * information, write. Usage: BenchPixelmed OUTDIR INPUT... (folders are listed)
 */
public class BenchPixelmed {
    public static void main(String[] a) throws Exception {
        File out = new File(a[0]);
        out.mkdirs();
        List<File> files = new ArrayList<>();
        for (int i = 1; i < a.length; i++) {
            File f = new File(a[i]);
            if (f.isDirectory()) {
                File[] l = f.listFiles();
                java.util.Arrays.sort(l);
                files.addAll(List.of(l));
            } else {
                files.add(f);
            }
        }
        run(files, out);
    }

    /** Does the work described above for every file, into OUT as p0.dcm, p1.dcm, ... (also used by BenchWarm). */
    static void run(List<File> files, File out) throws Exception {
        Date epoch = new Date(0);
        Date earliest = new Date(1000L * 86400 * 365 * 30);
        int n = 0;
        for (File f : files) {
            AttributeList list = new AttributeList();
            list.read(f);
            list.removeGroupLengthAttributes();
            list.removeMetaInformationHeaderAttributes();
            list.removePrivateAttributes();
            ClinicalTrialsAttributes.removeOrNullIdentifyingAttributes(list,
                    ClinicalTrialsAttributes.HandleUIDs.remap, false, false, false, false, false, false,
                    ClinicalTrialsAttributes.HandleDates.modify, epoch, earliest);
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "BENCH");
            list.write(new File(out, "p" + (n++) + ".dcm"), TransferSyntax.ExplicitVRLittleEndian, true, true);
        }
    }
}
