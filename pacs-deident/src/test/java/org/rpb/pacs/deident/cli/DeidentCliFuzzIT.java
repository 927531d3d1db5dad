package org.rpb.pacs.deident.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.fuzz.DamagedFiles;

/**
 * {@code java -Xmx64m -jar pacs-deident-cli.jar deidentify} on the fuzz corpus: the generated files as one batch,
 * each hand-made attack as a batch of its own (so that it is its patient's and worked on to the end). Exit 0 or 1
 * with a {@code refused:} line per refused file; never a JVM error, never a hang, and the output folder holds exactly
 * the de-identified files.
 */
@Tag("external")
class DeidentCliFuzzIT {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) of (\\d+) files de-identified");

    @TempDir
    Path tmp;

    private record Run(int exit, String err) {
    }

    private Run deidentify(Path input, Path out, int timeoutSeconds) throws IOException, InterruptedException {
        Path jar = Path.of("target/pacs-deident-cli.jar");
        assertTrue(Files.exists(jar), "run mvn package first: " + jar.toAbsolutePath());
        Path key = tmp.resolve("key");
        Files.write(key, "fuzz-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+UseSerialGC", "-jar", jar.toString(), "deidentify", "--key-file", key.toString(),
                "--patient-id", "FUZZ-1", "--patient-name", "FUZZ^ONE", "--out", out.toString(), input.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Run(-1, "no exit within " + timeoutSeconds + " s for " + input);
        }
        return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String problem(String what, Run r, Path out) throws IOException {
        if (r.exit() != 0 && r.exit() != 1) {
            return what + ": exit " + r.exit() + ": " + r.err().lines().limit(8).toList();
        }
        if (r.err().contains("Exception in thread") || r.err().contains("java.lang.") && r.err().contains("Error")) {
            return what + ": a JVM error: " + r.err().lines().filter(l -> l.contains("Error")).limit(3).toList();
        }
        Matcher m = SUMMARY.matcher(r.err());
        if (!m.find()) {
            return what + ": no summary line: " + r.err().lines().limit(8).toList();
        }
        long refusedLines = r.err().lines().filter(l -> l.startsWith("refused: ")).count();
        int done = Integer.parseInt(m.group(1));
        int total = Integer.parseInt(m.group(2));
        if (done + refusedLines != total) {
            return what + ": " + done + " done + " + refusedLines + " refused != " + total;
        }
        if (!Files.exists(out)) {
            return done == 0 ? null : what + ": no output folder for " + done + " de-identified";
        }
        try (Stream<Path> files = Files.list(out)) {
            // outputs are named by the new SOP Instance UID: damaged copies of one source share a name
            List<Path> written = files.toList();
            if (written.stream().anyMatch(f -> !f.getFileName().toString().endsWith(".dcm"))) {
                return what + ": a temporary file left: " + written;
            }
            return (written.isEmpty() == (done == 0)) && written.size() <= done ? null
                    : what + ": " + written.size() + " files written for " + done + " de-identified";
        }
    }

    @Test
    void theToolUnderA64MbHeapDeidentifiesOrRefusesEveryDamagedFile() throws Exception {
        DamagedFiles.generate(tmp.resolve("gen"), 15L, 320);
        List<DamagedFiles.Sample> attacks = DamagedFiles.attacks(tmp.resolve("attacks"));
        List<String> problems = new ArrayList<>();
        Path out = tmp.resolve("out-gen");
        String p = problem("generated files", deidentify(tmp.resolve("gen"), out, 600), out);
        if (p != null) {
            problems.add(p);
        }
        for (DamagedFiles.Sample s : attacks) {
            Path o = tmp.resolve("out-" + s.file().getFileName());
            p = problem(s.label(), deidentify(s.file(), o, 120), o);
            if (p != null) {
                problems.add(p);
            }
        }
        assertEquals(List.of(), problems);
    }
}
