import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.deident.BatchResult;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;

/**
 * The warm-JVM measurement, as a long-running server sees it: in one JVM, one untimed pass over the inputs into
 * a throwaway folder (class loading, JIT), which is then deleted, then sync, then one timed pass into an empty
 * folder, timed up to and including a final sync (like the cold rows of run-benchmark.sh). Prints the seconds of
 * the timed pass.
 * <pre>
 *   BenchWarm deident KEYFILE OUTDIR INPUT     the library API with the CLI run's settings: basic profile,
 *                                              RetainLongitudinalModifiedDates, patient id and name P, no manifest
 *   BenchWarm pixelmed OUTDIR INPUT            the work of BenchPixelmed
 * </pre>
 *   BenchWarm pair KEYFILE OUTDIR INPUT ROUNDS  both of the above in one JVM: one untimed pass of each, then
 *                                              ROUNDS timed rounds; in a round both go over all inputs in slices
 *                                              of 400 files, taking turns slice by slice (who goes first
 *                                              alternates), each slice timed up to and including a sync after it;
 *                                              prints per round "deident SECONDS WORK" and "pixelmed SECONDS WORK"
 *                                              (the sums over the slices, SECONDS with the syncs, WORK without):
 *                                              on a shared machine the load moves within seconds, and two whole
 *                                              passes one after the other did not see the same load
 * </pre>
 * INPUT is a file or a folder (its DICOM files, sorted, as the CLI lists them). pacs-deident runs on
 * {@code -Dbench.threads=N} threads (run-benchmark.sh passes 1: PixelMed's ClinicalTrialsAttributes has no batch API
 * and runs on one thread, and on a loaded machine two threads would also get two shares of the CPU); 0 or unset is
 * the library's default (the processors).
 */
public class BenchWarm {
    public static void main(String[] a) throws Exception {
        if (a[0].equals("pair")) {
            pair(a);
            return;
        }
        boolean pixelmed = a[0].equals("pixelmed");
        Path out = Path.of(pixelmed ? a[1] : a[2]);
        Path in = Path.of(pixelmed ? a[2] : a[3]);
        List<Path> files = inputs(in);
        Pass pass;
        if (pixelmed) {
            List<File> fs = files.stream().map(Path::toFile).collect(Collectors.toList());
            pass = dir -> BenchPixelmed.run(fs, dir.toFile());
        } else {
            Deidentifier d = Deidentifier.builder().key(Files.readAllBytes(Path.of(a[1])))
                    .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).manifest(false).threads(THREADS).build();
            SubjectContext ctx = SubjectContext.builder("P", "P").build();
            pass = dir -> {
                BatchResult r = d.deidentifyAll(files, dir, ctx, null);
                if (!r.refused().isEmpty() || r.doneCount() != files.size()) {
                    throw new IllegalStateException(r.refused().size() + " of " + files.size() + " files refused");
                }
            };
        }
        Path warm = out.resolveSibling(out.getFileName() + ".warm");
        Files.createDirectories(warm);
        pass.run(warm);
        deleteTree(warm);
        deleteTree(out);
        Files.createDirectories(out);
        sync();
        long t0 = System.nanoTime();
        pass.run(out);
        sync();
        System.out.println((System.nanoTime() - t0) / 1e9);
    }

    /** pacs-deident's threads: 0 for the library default (the processors). */
    private static final int THREADS = Integer.getInteger("bench.threads", 0);

    /** Files per slice of a pair round: both contenders take turns slice by slice. */
    private static final int SLICE = 400;

    private static void pair(String[] a) throws Exception {
        Path out = Path.of(a[2]);
        List<Path> files = inputs(Path.of(a[3]));
        int rounds = Integer.parseInt(a[4]);
        Deidentifier d = Deidentifier.builder().key(Files.readAllBytes(Path.of(a[1])))
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).manifest(false).threads(THREADS).build();
        SubjectContext ctx = SubjectContext.builder("P", "P").build();
        Slice deident = (part, dir) -> {
            BatchResult r = d.deidentifyAll(part, dir, ctx, null);
            if (!r.refused().isEmpty() || r.doneCount() != part.size()) {
                throw new IllegalStateException(r.refused().size() + " of " + part.size() + " files refused");
            }
        };
        Slice pixelmed = (part, dir) -> BenchPixelmed.run(part.stream().map(Path::toFile)
                .collect(Collectors.toList()), dir.toFile());
        for (Slice p : List.of(deident, pixelmed)) {
            Path warm = out.resolveSibling(out.getFileName() + ".warm");
            timed(dir -> p.run(files, dir), warm);
        }
        for (int r = 0; r < rounds; r++) {
            // slice by slice, taking turns (who goes first alternates): a burst of the machine's other load then
            // falls on both alike, which two whole passes one after the other did not ensure
            double[] de = new double[2];
            double[] px = new double[2];
            deleteTree(out);
            int k = 0;
            for (int from = 0; from < files.size(); from += SLICE, k++) {
                List<Path> part = files.subList(from, Math.min(files.size(), from + SLICE));
                for (int turn = 0; turn < 2; turn++) {
                    boolean isDeident = (turn == 0) == ((r + k) % 2 == 0);
                    Path dir = out.resolve((isDeident ? "deident-" : "pixelmed-") + k);
                    Files.createDirectories(dir);
                    double[] t = timedSlice(isDeident ? deident : pixelmed, part, dir);
                    double[] sum = isDeident ? de : px;
                    sum[0] += t[0];
                    sum[1] += t[1];
                }
            }
            deleteTree(out);
            System.out.println("deident " + de[0] + " " + de[1]);
            System.out.println("pixelmed " + px[0] + " " + px[1]);
        }
    }

    /** One slice into its (empty) folder: the seconds up to and including a final sync, and without it. */
    private static double[] timedSlice(Slice p, List<Path> part, Path dir) throws Exception {
        sync();
        long t0 = System.nanoTime();
        p.run(part, dir);
        long t1 = System.nanoTime();
        sync();
        return new double[] {(System.nanoTime() - t0) / 1e9, (t1 - t0) / 1e9};
    }

    private interface Slice {
        void run(List<Path> files, Path outDir) throws Exception;
    }

    /**
     * One pass into an empty folder, timed up to and including a final sync; the folder is deleted after. Returns
     * the seconds with the sync and those of the pass alone (the files written into the page cache): the sync
     * writes this pass's 80 MB to disk, and whatever else the machine's other processes wrote, which both
     * contenders pay alike.
     */
    private static double[] timed(Pass p, Path dir) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        sync();
        long t0 = System.nanoTime();
        p.run(dir);
        long t1 = System.nanoTime();
        sync();
        double s = (System.nanoTime() - t0) / 1e9;
        deleteTree(dir);
        return new double[] {s, (t1 - t0) / 1e9};
    }

    private static List<Path> inputs(Path in) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(in)) {
            try (Stream<Path> s = Files.walk(in)) {
                s.filter(Files::isRegularFile).filter(DicomReader::isDicom).sorted().forEach(files::add);
            }
        } else {
            files.add(in);
        }
        return files;
    }

    private interface Pass {
        void run(Path outDir) throws Exception;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    private static void sync() throws IOException, InterruptedException {
        if (new ProcessBuilder("sync").inheritIO().start().waitFor() != 0) {
            throw new IOException("sync failed");
        }
    }
}
