package org.rpb.pacs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.fuzz.DamagedFiles;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.thumbnail.Thumbnail;
import org.rpb.pacs.thumbnail.ThumbnailRenderer;

/**
 * The upload inspector and the preview renderer on the fuzz corpus (pacs-core's seeded generator and the
 * hand-made attacks of issue 15): every file is sorted into an instance or an ignored file with a reason, nothing
 * else is thrown, and every instance gets a picture, a placeholder or the codec's refusal, within bounded time.
 */
// slow: a fuzz run (scripts/test.sh runs it)
@Tag("slow")
class UploadInspectorFuzzTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyDamagedFileIsSortedWithAReasonAndPreviewedOrRefused() throws Exception {
        Path folder = tmp.resolve("upload");
        List<DamagedFiles.Sample> samples = new ArrayList<>(DamagedFiles.generate(folder.resolve("gen"), 15L, 320));
        samples.addAll(DamagedFiles.attacks(folder.resolve("attacks")));
        UploadContents contents = assertTimeoutPreemptively(Duration.ofMinutes(2),
                () -> new UploadInspector(DicomReader.create()).inspect(folder));
        assertEquals(samples.size(), contents.instances().size() + contents.ignored().size(), "every file sorted");
        for (IgnoredFile f : contents.ignored()) {
            assertFalse(f.reason().isBlank(), f.name());
            assertFalse(f.reason().contains("Huge^Hugo") || f.reason().contains("HUGE-01"), "no patient data: " + f);
        }
        assertTrue(contents.ignored().stream().filter(IgnoredFile::damaged).count() > samples.size() / 3,
                "damage found: " + contents.ignored().size());
        assertTrue(contents.ignored().stream().anyMatch(f -> f.name().endsWith("nested-5000-explicit.dcm")
                && f.reason().contains("nested deeper than 64")), "the deep nesting is named");

        ThumbnailRenderer renderer = ThumbnailRenderer.ofSize(128);
        List<String> problems = new ArrayList<>();
        int placeholders = 0;
        for (InspectedInstance i : contents.instances()) {
            try {
                long start = System.nanoTime();
                Thumbnail t = renderer.render(i.file());
                placeholders += t.kind() == Thumbnail.Kind.PLACEHOLDER ? 1 : 0;
                if (System.nanoTime() - start > 20_000_000_000L) {
                    problems.add(i.name() + ": rendering took more than 20 s");
                }
            } catch (IOException e) {
                // refused with a reason (the codec's, or a pixel module that does not add up)
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    problems.add(i.name() + ": refused without a reason");
                }
            } catch (RuntimeException e) {
                problems.add(i.name() + ": " + e);
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(placeholders > 0, "huge headers give placeholders");
        try (Stream<Path> all = Files.walk(folder)) {
            assertEquals(samples.size(), all.filter(Files::isRegularFile).count(), "no file added or left behind");
        }
    }
}
