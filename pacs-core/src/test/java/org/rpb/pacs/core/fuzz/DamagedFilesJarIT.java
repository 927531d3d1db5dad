package org.rpb.pacs.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * The packaged {@code pacs-dicom.jar} as separate JVMs under a 64 MB heap on the fuzz corpus ({@link CodecFuzzTest}'s
 * seed and count, plus the hand-made attacks): {@code dump} of every file and {@code copy} of every attack exit 0,
 * or 1 with the codec's reason on stderr; never a JVM error (status 2+ or a {@code java.lang.*Error} on stderr),
 * never a hang (a time limit per file), never a file left behind by {@code copy}.
 */
@Tag("external")
class DamagedFilesJarIT {

    /** Generous: the build machine is shared; a healthy run takes about a second. */
    private static final int SECONDS_PER_FILE = 60;

    @TempDir
    Path tmp;

    private record Run(int exit, String err) {
    }

    private static Run run(Path workDir, String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("pacs.dicom.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the shaded jar: " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .start();
        if (!p.waitFor(SECONDS_PER_FILE, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Run(-1, "no exit within " + SECONDS_PER_FILE + " s");
        }
        String said = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(err);
        return new Run(p.exitValue(), said);
    }

    private static String problem(String what, Run r) {
        if (r.exit() == 0) {
            return null;
        }
        if (r.exit() == 1 && r.err().startsWith("cannot read: ") && !r.err().contains("Error")) {
            return null;
        }
        return what + ": exit " + r.exit() + ": " + r.err().lines().limit(6).toList();
    }

    @Test
    void dumpAndCopyUnderA64MbHeapReadOrRefuseEveryDamagedFile() throws Exception {
        List<DamagedFiles.Sample> attacks = DamagedFiles.attacks(tmp.resolve("attacks"));
        List<DamagedFiles.Sample> all = new ArrayList<>(attacks);
        all.addAll(DamagedFiles.generate(tmp.resolve("gen"), CodecFuzzTest.SEED, CodecFuzzTest.COUNT));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<String>> results = new ArrayList<>();
        for (DamagedFiles.Sample s : all) {
            results.add(pool.submit(() -> problem("dump " + s.label(), run(work, "dump", s.file().toString()))));
        }
        for (DamagedFiles.Sample s : attacks) {
            Path target = out.resolve(s.file().getFileName());
            results.add(pool.submit(() -> {
                Run r = run(work, "copy", s.file().toString(), target.toString());
                String p = problem("copy " + s.label(), r);
                return p != null || r.exit() == 0 || !Files.exists(target) ? p : "copy " + s.label() + " refused but wrote " + target;
            }));
        }
        pool.shutdown();
        List<String> problems = new ArrayList<>();
        for (Future<String> f : results) {
            String p = f.get();
            if (p != null) {
                problems.add(p);
            }
        }
        assertEquals(List.of(), problems, problems.size() + " of " + results.size() + " runs");
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".part")).toList(),
                    "no temporary file left by copy");
        }
    }
}
