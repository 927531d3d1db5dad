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
 * measures the other processes: the calling thread's user CPU time, and its user + system CPU time (ThreadMXBean),
 * around each pass (pacs-deident with threads(1) works on the calling thread; PixelMed has no threads of its own),
 * with the wall time beside them. After WARM untimed passes of each, ROUNDS rounds of one pass each (who goes first
 * alternates); prints per round the microseconds per file and the ratios, then the medians. Garbage collection and
 * JIT threads are not counted (for either). The user time is the kernel's tick accounting: coarse (10 ms) per pass,
 * so take the medians of several rounds.
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
                System.out.printf("deident %.1f us/file user%n", cpu(deident, out)[0] / files.size());
            }
            return;
        }
        int warm = a.length > 4 ? Integer.parseInt(a[4]) : 3;
        for (int i = 0; i < warm; i++) {
            cpu(deident, out);
            cpu(pixelmed, out);
        }
        double[][] de = new double[3][rounds];
        double[][] px = new double[3][rounds];
        for (int r = 0; r < rounds; r++) {
            double[] dt;
            double[] x;
            if (r % 2 == 0) {
                dt = cpu(deident, out);
                x = cpu(pixelmed, out);
            } else {
                x = cpu(pixelmed, out);
                dt = cpu(deident, out);
            }
            for (int k = 0; k < 3; k++) {
                de[k][r] = dt[k] / files.size();
                px[k][r] = x[k] / files.size();
            }
            System.out.printf("round %d: %s%n", r + 1, row(dt[0] / files.size(), dt[1] / files.size(),
                    dt[2] / files.size(), x[0] / files.size(), x[1] / files.size(), x[2] / files.size()));
        }
        for (int k = 0; k < 3; k++) {
            java.util.Arrays.sort(de[k]);
            java.util.Arrays.sort(px[k]);
        }
        int m = rounds / 2;
        System.out.printf("median (%d files): %s%n", files.size(),
                row(de[0][m], de[1][m], de[2][m], px[0][m], px[1][m], px[2][m]));
    }

    private static String row(double du, double dc, double dw, double pu, double pc, double pw) {
        return String.format("user us/file pacs-deident %.1f PixelMed %.1f ratio %.2fx | user+sys %.1f %.1f %.2fx"
                + " | wall %.1f %.1f %.2fx", du, pu, pu / du, dc, pc, pc / dc, dw, pw, pw / dw);
    }

    private interface Pass {
        void run(Path dir) throws Exception;
    }

    /**
     * One pass into an empty OUT (deleted after): the calling thread's user CPU, its user + system CPU and the
     * wall time, in microseconds.
     */
    private static double[] cpu(Pass p, Path out) throws Exception {
        deleteTree(out);
        Files.createDirectories(out);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long u0 = mx.getCurrentThreadUserTime();
        long c0 = mx.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        p.run(out);
        double[] us = {(mx.getCurrentThreadUserTime() - u0) / 1e3, (mx.getCurrentThreadCpuTime() - c0) / 1e3,
            (System.nanoTime() - w0) / 1e3};
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
