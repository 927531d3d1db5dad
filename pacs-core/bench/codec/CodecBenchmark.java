import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.Uid;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;

/**
 * Benchmark driver (run by run-benchmark.sh, not part of the build):
 * <pre>
 *   generate SRC_FILE OUT_DIR N     N copies of SRC_FILE with distinct Study/Series/SOP Instance UIDs
 *   generate-large OUT_FILE MB      a multi-frame file of about MB megabytes (16-bit frames of 1024 x 512)
 *   ours IN_DIR OUT_DIR             read + write every file with the pacs-core codec
 *   pixelmed IN_DIR OUT_DIR         read + write every file with PixelMed's AttributeList
 *   compare IN_DIR OUT_DIR ROUNDS   cp -r, pacs-core and PixelMed in turn, ROUNDS times, after a cold pass of each
 *   memory IN_DIR ROUNDS            read every file, change its SOP Instance UID (so that pacs-core encodes every
 *                                   element instead of copying the unchanged file) and encode it into a discarding
 *                                   stream (no output files: the codec's own work), pacs-core and PixelMed in turn;
 *                                   prints "name files seconds allocatedBytesPerFile"
 * </pre>
 * The read/write modes first do a pass over all files in a fresh JVM ("cold": class loading, JIT), delete its
 * output, then time three more passes, each after sync, and keep the best ("warm", the steady state of a
 * long-running server); they print
 * "files bytes coldSeconds warmSeconds".
 */
public final class CodecBenchmark {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate": generate(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3])); break;
            case "generate-large": generateLarge(Path.of(args[1]), Integer.parseInt(args[2])); break;
            case "ours": run(Path.of(args[1]), Path.of(args[2]), false); break;
            case "pixelmed": run(Path.of(args[1]), Path.of(args[2]), true); break;
            case "compare": compare(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3])); break;
            case "memory": memory(Path.of(args[1]), Integer.parseInt(args[2])); break;
            default: throw new IllegalArgumentException(args[0]);
        }
    }

    private static void generate(Path src, Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        DicomReader reader = DicomReader.create();
        DicomWriter writer = DicomWriter.create();
        String study = Uid.generate().value();
        for (int i = 0; i < n; i++) {
            DicomFile f = reader.read(src);
            String sop = Uid.generate().value();
            f.dataSet().setString(Tags.StudyInstanceUID, VR.UI, study);
            f.dataSet().setString(Tags.SeriesInstanceUID, VR.UI, study + "." + (1 + i / 100));
            f.dataSet().setString(Tags.SOPInstanceUID, VR.UI, sop);
            f.fileMeta().setString(Tags.MediaStorageSOPInstanceUID, VR.UI, sop);
            writer.write(f, dir.resolve(String.format("ct%05d.dcm", i)));
        }
    }

    private static void generateLarge(Path out, int mb) throws IOException {
        int rows = 1024;
        int columns = 512;
        int frames = Math.max(1, mb);
        long pixelBytes = (long) frames * rows * columns * 2;
        Path raw = out.resolveSibling(out.getFileName() + ".raw");
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            byte[] frame = new byte[rows * columns * 2];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (byte) (i * 31 + (i >>> 9));
            }
            for (int i = 0; i < frames; i++) {
                frame[0] = (byte) i;
                f.write(frame);
            }
        }
        DataSet ds = new DataSet();
        ds.setString(Tags.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7.3");
        ds.setString(Tags.SOPInstanceUID, VR.UI, Uid.generate().value());
        ds.setString(Tags.StudyInstanceUID, VR.UI, Uid.generate().value());
        ds.setString(Tags.SeriesInstanceUID, VR.UI, Uid.generate().value());
        ds.setString(Tags.Modality, VR.CS, "OT");
        ds.setString(Tags.PatientName, VR.PN, "Bench^Large");
        ds.setString(Tags.PatientID, VR.LO, "BENCH");
        ds.setString(Tags.NumberOfFrames, VR.IS, String.valueOf(frames));
        ds.setLongs(Tags.SamplesPerPixel, VR.US, 1);
        ds.setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setLongs(Tags.Rows, VR.US, rows);
        ds.setLongs(Tags.Columns, VR.US, columns);
        ds.setLongs(Tags.BitsAllocated, VR.US, 16);
        ds.setLongs(Tags.BitsStored, VR.US, 16);
        ds.setLongs(Tags.HighBit, VR.US, 15);
        ds.setLongs(Tags.PixelRepresentation, VR.US, 0);
        ds.set(DataElement.of(Tags.PixelData, VR.OW, BulkData.ofFile(raw, 0, pixelBytes), false));
        DicomWriter.builder().newFileMeta(true).build()
                .write(new DicomFile(null, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null), out);
        Files.delete(raw);
    }

    private static void run(Path in, Path outDir, boolean pixelmed) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.isDirectory(in) ? Files.list(in) : Stream.of(in)) {
            files = s.sorted().collect(Collectors.toList());
        }
        Files.createDirectories(outDir);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        // first pass in a fresh JVM (reported as "cold"), into a folder that is deleted again; it also warms the JIT
        Path warm = Files.createDirectories(outDir.resolveSibling(outDir.getFileName() + ".warm"));
        long c0 = System.nanoTime();
        for (Path f : files) {
            copy(f, warm.resolve(f.getFileName()), pixelmed);
        }
        double cold = (System.nanoTime() - c0) / 1e9;
        for (Path f : files) {
            Files.delete(warm.resolve(f.getFileName()));
        }
        Files.delete(warm);
        // timed passes: each into an empty folder after sync; the best one counts (as for cp)
        double seconds = Double.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) {
            for (Path f : files) {
                Files.deleteIfExists(outDir.resolve(f.getFileName()));
            }
            sync();
            long t0 = System.nanoTime();
            for (Path f : files) {
                copy(f, outDir.resolve(f.getFileName()), pixelmed);
            }
            seconds = Math.min(seconds, (System.nanoTime() - t0) / 1e9);
        }
        System.out.println(files.size() + " " + bytes + " " + cold + " " + seconds);
    }

    /**
     * Small files: the machine is shared, so cp, pacs-core and PixelMed are measured in turn, round after round,
     * each after sync into an empty folder, and the best round of each counts. Prints one line per contender:
     * "name files bytes coldSeconds bestSeconds cpuSeconds" (cold is the first pass in this JVM; 0 for cp; cpu is
 * the smallest user CPU time of this thread in a round, 0 for cp).
     */
    private static void compare(Path in, Path outDir, int rounds) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(in)) {
            files = s.sorted().collect(Collectors.toList());
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        String[] names = {"cp", "pacs-core", "PixelMed"};
        double[] cold = new double[3];
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        // user CPU time of this thread: the codec's own work per file, apart from the kernel's file system work
        double[] cpu = {0, Double.MAX_VALUE, Double.MAX_VALUE};
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = -1; round < rounds; round++) {
            for (int c = 0; c < 3; c++) {
                deleteTree(outDir);
                sync();
                long t0 = System.nanoTime();
                long cpu0 = mx.getCurrentThreadUserTime();
                if (c == 0) {
                    Process p = new ProcessBuilder("cp", "-r", in.toString(), outDir.toString()).inheritIO().start();
                    if (p.waitFor() != 0) {
                        throw new IOException("cp failed");
                    }
                } else {
                    Files.createDirectories(outDir);
                    for (Path f : files) {
                        copy(f, outDir.resolve(f.getFileName()), c == 2);
                    }
                }
                double t = (System.nanoTime() - t0) / 1e9;
                double used = (mx.getCurrentThreadUserTime() - cpu0) / 1e9;
                if (round < 0) {
                    cold[c] = t;
                } else {
                    best[c] = Math.min(best[c], t);
                    if (c > 0) {
                        cpu[c] = Math.min(cpu[c], used);
                    }
                }
            }
        }
        deleteTree(outDir);
        for (int c = 0; c < 3; c++) {
            System.out.println(names[c] + " " + files.size() + " " + bytes + " " + (c == 0 ? 0 : cold[c]) + " " + best[c]
                    + " " + cpu[c]);
        }
    }

    private static final String CHANGED_UID = "1.2.826.0.1.3680043.2.1143.1";

    /**
     * Read + change + encode without creating files (creating files costs every contender alike and varies with the
     * shared disk's load; the change makes pacs-core encode element by element, as after de-identification): pacs-core and PixelMed in turn, after an untimed warm-up round, best round of each.
     */
    private static void memory(Path in, int rounds) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(in)) {
            files = s.sorted().collect(Collectors.toList());
        }
        // PixelMed closes the stream it wrote to: a discarding stream that stays open
        java.io.OutputStream discard = new java.io.OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) {
            }
        };
        java.nio.channels.WritableByteChannel sink = java.nio.channels.Channels.newChannel(discard);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        long[] allocated = new long[2];
        // heap bytes this thread allocates: independent of the machine's load, unlike the times
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = -1; round < rounds; round++) {
            for (int c = 0; c < 2; c++) {
                long a0 = mx.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (Path f : files) {
                    if (c == 1) {
                        com.pixelmed.dicom.AttributeList list = new com.pixelmed.dicom.AttributeList();
                        list.read(f.toString());
                        String ts = com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list,
                                com.pixelmed.dicom.TagFromName.TransferSyntaxUID);
                        com.pixelmed.dicom.Attribute uid = new com.pixelmed.dicom.UniqueIdentifierAttribute(
                                com.pixelmed.dicom.TagFromName.SOPInstanceUID);
                        uid.addValue(CHANGED_UID);
                        list.put(uid);
                        list.write(discard, ts, true, true);
                    } else {
                        DicomFile d = READER.read(f);
                        d.dataSet().setString(Tags.SOPInstanceUID, VR.UI, CHANGED_UID);
                        WRITER.write(d, sink);
                    }
                }
                double t = (System.nanoTime() - t0) / 1e9;
                allocated[c] = mx.getCurrentThreadAllocatedBytes() - a0;
                if (round >= 0) {
                    best[c] = Math.min(best[c], t);
                }
            }
        }
        System.out.println("pacs-core " + files.size() + " " + best[0] + " " + allocated[0] / files.size());
        System.out.println("PixelMed " + files.size() + " " + best[1] + " " + allocated[1] / files.size());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    /** Flushes dirty pages so that the timed pass does not pay for the previous pass's writeback. */
    static void sync() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static final DicomReader READER = DicomReader.create();
    private static final DicomWriter WRITER = DicomWriter.create();

    private static void copy(Path in, Path out, boolean pixelmed) throws Exception {
        if (pixelmed) {
            com.pixelmed.dicom.AttributeList list = new com.pixelmed.dicom.AttributeList();
            list.read(in.toString());
            String ts = com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list,
                    com.pixelmed.dicom.TagFromName.TransferSyntaxUID);
            list.write(out.toString(), ts, true, true);
        } else {
            WRITER.write(READER.read(in), out);
        }
    }
}
