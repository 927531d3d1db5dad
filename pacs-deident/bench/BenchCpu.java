import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.rpb.pacs.deident.BatchResult;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;

/**
 * CPU time per file of both libraries on one thread, in one JVM, for a loaded machine where wall time mostly
 * measures the other processes: the calling thread's user CPU time (ThreadMXBean) around each pass (pacs-deident with
 * threads(1) works on the calling thread; PixelMed has no threads of its own). After WARM untimed passes of each,
 * ROUNDS rounds of one pass each (who goes first alternates); prints per round the microseconds of CPU per file
 * and the ratio, then the medians. Garbage collection and JIT threads are not counted (for either).
 * <pre>
 *   BenchCpu KEYFILE OUTDIR INPUTDIR ROUNDS [WARM=3]
 *   BenchCpu loop KEYFILE OUTDIR INPUTDIR PASSES     pacs-deident alone, for a profiler (JFR)
 * </pre>
 */
public class BenchCpu {
    public static void main(String[] a) throws Exception {
        boolean loop = a[0].equals("loop");
        int o = loop ? 1 : 0;
        byte[] key = Files.readAllBytes(Path.of(a[o]));
        Path out = Path.of(a[o + 1]);
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(a[o + 2]))) {
            files = s.sorted().collect(Collectors.toList());
        }
        int rounds = Integer.parseInt(a[o + 3]);
        Deidentifier d = Deidentifier.builder().key(key)
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).manifest(false).threads(1)
                .build();
        SubjectContext ctx = SubjectContext.builder("P", "P").build();
        Pass deident = dir -> {
            BatchResult r = d.deidentifyAll(files, dir, ctx, null);
            if (!r.refused().isEmpty() || r.doneCount() != files.size()) {
                throw new IllegalStateException(r.refused().size() + " of " + files.size() + " files refused");
            }
        };
        List<File> fs = files.stream().map(Path::toFile).collect(Collectors.toList());
        Pass pixelmed = dir -> BenchPixelmed.run(fs, dir.toFile());
        if (loop) {
            for (int i = 0; i < rounds; i++) {
                System.out.printf("deident %.1f us/file%n", cpu(deident, out) / files.size());
            }
            return;
        }
        int warm = a.length > 4 ? Integer.parseInt(a[4]) : 3;
        for (int i = 0; i < warm; i++) {
            cpu(deident, out);
            cpu(pixelmed, out);
        }
        double[] de = new double[rounds];
        double[] px = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                de[r] = cpu(deident, out) / files.size();
                px[r] = cpu(pixelmed, out) / files.size();
            } else {
                px[r] = cpu(pixelmed, out) / files.size();
                de[r] = cpu(deident, out) / files.size();
            }
            System.out.printf("round %d: pacs-deident %.1f us/file, PixelMed %.1f us/file, ratio %.2fx%n", r + 1,
                    de[r], px[r], px[r] / de[r]);
        }
        java.util.Arrays.sort(de);
        java.util.Arrays.sort(px);
        System.out.printf("median: pacs-deident %.1f us/file, PixelMed %.1f us/file, ratio %.2fx (%d files)%n",
                de[rounds / 2], px[rounds / 2], px[rounds / 2] / de[rounds / 2], files.size());
    }

    private interface Pass {
        void run(Path dir) throws Exception;
    }

    /** The calling thread's CPU microseconds for one pass into an empty OUT (deleted after). */
    private static double cpu(Pass p, Path out) throws Exception {
        deleteTree(out);
        Files.createDirectories(out);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadUserTime();
        p.run(out);
        double us = (mx.getCurrentThreadUserTime() - t0) / 1e3;
        deleteTree(out);
        return us;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(q);
            }
        }
    }
}
