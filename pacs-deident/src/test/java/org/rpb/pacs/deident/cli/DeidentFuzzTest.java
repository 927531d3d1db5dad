package org.rpb.pacs.deident.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.fuzz.DamagedFiles;
import org.rpb.pacs.deident.BatchResult;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.InstanceResult;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Profile;

/**
 * The de-identifier on the fuzz corpus (pacs-core's seeded generator and the hand-made attacks of issue 15), each
 * file its own batch so that it is taken as its patient's and worked on to the end: every file is de-identified
 * or refused with a reason, nothing is thrown, and only the outputs of de-identified files are written.
 * {@code DeidentCliFuzzIT} runs the packaged tool on the same files under a 64 MB heap.
 */
// slow: a fuzz run (scripts/test.sh runs it)
@Tag("slow")
class DeidentFuzzTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyDamagedFileIsDeidentifiedOrRefusedWithAReason() throws Exception {
        List<DamagedFiles.Sample> samples = new ArrayList<>(DamagedFiles.generate(tmp.resolve("gen"), 15L, 320));
        samples.addAll(DamagedFiles.attacks(tmp.resolve("attacks")));
        Deidentifier d = Deidentifier.builder().profile(Profile.basic())
                .key("fuzz-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).threads(1).build();
        Path out = tmp.resolve("out");
        List<String> problems = new ArrayList<>();
        long done = 0;
        for (DamagedFiles.Sample s : samples) {
            try {
                BatchResult r = d.deidentifyAll(List.of(s.file()), out,
                        SubjectContext.builder("FUZZ-1", "FUZZ^ONE").build(), null);
                InstanceResult ir = r.instances().get(0);
                if (ir.done()) {
                    done++;
                    if (!Files.isRegularFile(ir.output())) {
                        problems.add(s.label() + ": done without an output");
                    }
                } else if (ir.refusal() == null || ir.refusal().isBlank()) {
                    problems.add(s.label() + ": refused without a reason");
                }
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                problems.add(s.file().getFileName() + " (" + s.label() + "): " + e);
            }
        }
        assertEquals(List.of(), problems, problems.size() + " of " + samples.size());
        assertTrue(done > 0 && done < samples.size(), "some done, some refused: " + done);
        try (Stream<Path> left = Files.list(out)) {
            List<Path> files = left.toList();
            assertEquals(List.of(), files.stream().filter(p -> !p.getFileName().toString().endsWith(".dcm")).toList(),
                    "no temporary file left");
        }
    }
}
