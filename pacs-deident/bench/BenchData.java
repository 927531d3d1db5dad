import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;

/**
 * Benchmark data: N copies of CT_small.dcm with distinct UIDs (20 files per series, 100 per study) and one
 * multi-frame CT of about the given size with non-trivial pixel values. Usage: BenchData CT_small.dcm DIR N MB
 */
public class BenchData {
    public static void main(String[] a) throws Exception {
        Path ct = Path.of(a[0]);
        Path dir = Path.of(a[1]);
        int n = Integer.parseInt(a[2]);
        long mb = Long.parseLong(a[3]);
        Path small = Files.createDirectories(dir.resolve("small"));
        DicomReader reader = DicomReader.create();
        DicomWriter writer = DicomWriter.create();
        for (int i = 0; i < n; i++) {
            DicomFile f = reader.read(ct);
            DataSet ds = f.dataSet();
            String sop = "1.2.826.0.1.3680043.2.1125.9." + (i + 1);
            ds.setString(Tag.of(0x00080018), VR.UI, sop);
            ds.setString(Tag.of(0x0020000E), VR.UI, "1.2.826.0.1.3680043.2.1125.8." + (i / 20 + 1));
            ds.setString(Tag.of(0x0020000D), VR.UI, "1.2.826.0.1.3680043.2.1125.7." + (i / 100 + 1));
            ds.setString(Tag.of(0x00200013), VR.IS, Integer.toString(i + 1));
            f.fileMeta().setString(Tag.of(0x00020003), VR.UI, sop);
            writer.write(f, small.resolve(String.format("ct%05d.dcm", i)));
        }
        int rows = 512;
        int cols = 512;
        int frames = (int) (mb * 1024 * 1024 / (rows * cols * 2));
        long len = (long) rows * cols * 2 * frames;
        Path raw = dir.resolve("pixels.raw");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 20)) {
            byte[] row = new byte[cols * 2];
            long x = 12345;
            for (long r = 0; r < (long) rows * frames; r++) {
                for (int i = 0; i < row.length; i += 2) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                    int v = (int) ((x >>> 40) & 0x0FFF);
                    row[i] = (byte) v;
                    row[i + 1] = (byte) (v >> 8);
                }
                os.write(row);
            }
        }
        DicomFile f = reader.read(ct);
        DataSet ds = f.dataSet();
        ds.setLongs(Tag.of(0x00280010), VR.US, rows);
        ds.setLongs(Tag.of(0x00280011), VR.US, cols);
        ds.setString(Tag.of(0x00280008), VR.IS, Integer.toString(frames));
        ds.setString(Tag.of(0x00080018), VR.UI, "1.2.826.0.1.3680043.2.1125.6.1");
        ds.set(DataElement.of(Tag.of(0x7FE00010), VR.OW, BulkData.ofFile(raw, 0, len), false));
        DataSet meta = DicomWriter.createFileMeta("1.2.840.10008.5.1.4.1.1.2", "1.2.826.0.1.3680043.2.1125.6.1",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        Path large = Files.createDirectories(dir.resolve("large"));
        writer.write(new DicomFile(new byte[128], meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null),
                large.resolve("multiframe.dcm"));
        Files.delete(raw);
    }
}
