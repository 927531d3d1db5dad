package org.rpb.pacs.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.cli.PacsDicomTool;
import org.rpb.pacs.core.io.DicomParseException;
import org.rpb.pacs.core.io.DicomReader;

/**
 * The codec and {@code dump} on {@value #COUNT} generated damaged files and the hand-made attacks of issue 15, in
 * this JVM: each file is read or refused with a {@link DicomParseException}; nothing else is thrown (no
 * {@code StackOverflowError}, {@code OutOfMemoryError}, {@code NegativeArraySizeException}, runtime exception),
 * within {@value #SECONDS_PER_FILE} s per file. {@code DamagedFilesJarIT} runs the packaged tool on the same files
 * under a 64 MB heap.
 */
class CodecFuzzTest {

    static final int COUNT = 320;
    static final long SEED = 15L;
    static final int SECONDS_PER_FILE = 10;

    @TempDir
    Path tmp;

    @Test
    void everyDamagedFileIsReadOrRefusedWithTheCodecsException() throws Exception {
        List<DamagedFiles.Sample> samples = new ArrayList<>(DamagedFiles.generate(tmp.resolve("gen"), SEED, COUNT));
        samples.addAll(DamagedFiles.attacks(tmp.resolve("attacks")));
        DicomReader reader = DicomReader.create();
        DicomReader inMemory = DicomReader.builder().bulkDataThreshold(Long.MAX_VALUE).build();
        List<String> failures = new ArrayList<>();
        int refused = 0;
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            for (DamagedFiles.Sample s : samples) {
                Future<String> outcome = worker.submit(() -> {
                    String result = null;
                    for (DicomReader r : List.of(reader, inMemory)) {
                        try {
                            r.read(s.file());
                            r.readHeaderSummary(s.file());
                            result = result == null ? "read" : result;
                        } catch (DicomParseException e) {
                            assertTrue(e.getMessage().contains(s.file().getFileName().toString()), e.getMessage());
                            result = "refused";
                        } catch (IllegalArgumentException e) {
                            // readHeaderSummary of a data set without identifiers
                            result = result == null ? "read" : result;
                        }
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    int status = PacsDicomTool.run(new String[] {"dump", s.file().toString()},
                            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
                    String said = err.toString(StandardCharsets.UTF_8);
                    if (status == 1 && !said.contains("cannot read: ")) {
                        throw new AssertionError("dump exit 1 without the codec's reason: " + said);
                    }
                    if (status != 0 && status != 1) {
                        throw new AssertionError("dump exit " + status + ": " + said);
                    }
                    return result;
                });
                try {
                    if ("refused".equals(outcome.get(SECONDS_PER_FILE, TimeUnit.SECONDS))) {
                        refused++;
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    outcome.cancel(true);
                    failures.add(s.label() + ": no outcome within " + SECONDS_PER_FILE + " s");
                } catch (java.util.concurrent.ExecutionException e) {
                    StringBuilder at = new StringBuilder();
                    for (StackTraceElement el : e.getCause().getStackTrace()) {
                        if (at.length() < 600) {
                            at.append("\n    at ").append(el);
                        }
                    }
                    failures.add(s.file().getFileName() + " (" + s.label() + "): " + e.getCause() + at);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        assertEquals(List.of(), failures, failures.size() + " of " + samples.size() + " files");
        assertTrue(refused > samples.size() / 3, "most damage is found: " + refused + " of " + samples.size());
    }
}
