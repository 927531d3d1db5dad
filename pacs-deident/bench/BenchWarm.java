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
 * INPUT is a file or a folder (its DICOM files, sorted, as the CLI lists them).
 */
public class BenchWarm {
    public static void main(String[] a) throws Exception {
        boolean pixelmed = a[0].equals("pixelmed");
        Path out = Path.of(pixelmed ? a[1] : a[2]);
        Path in = Path.of(pixelmed ? a[2] : a[3]);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(in)) {
            try (Stream<Path> s = Files.walk(in)) {
                s.filter(Files::isRegularFile).filter(DicomReader::isDicom).sorted().forEach(files::add);
            }
        } else {
            files.add(in);
        }
        Pass pass;
        if (pixelmed) {
            List<File> fs = files.stream().map(Path::toFile).collect(Collectors.toList());
            pass = dir -> BenchPixelmed.run(fs, dir.toFile());
        } else {
            Deidentifier d = Deidentifier.builder().key(Files.readAllBytes(Path.of(a[1])))
                    .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).manifest(false).build();
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
