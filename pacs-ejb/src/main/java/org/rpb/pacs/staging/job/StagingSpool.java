package org.rpb.pacs.staging.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The working folder of staging jobs, {@code jboss.server.data.dir/pacs/staging}: one {@code job-*}
 * sub-folder per series run, holding retrieved (identifiable) and de-identified files until the series
 * ends. A server that dies in the middle of a series leaves its sub-folder behind; {@link #deleteLeftovers}
 * removes those, so that no clinical file stays on disk after a crash.
 */
final class StagingSpool {

    private StagingSpool() {
    }

    /** @return the folder */
    static Path folder() {
        return Path.of(System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir")), "pacs",
                "staging");
    }

    /**
     * Deletes the series folders last written before a time (those of an earlier server process).
     *
     * @param before the start of this deployment
     * @return how many were deleted
     */
    static int deleteLeftovers(Instant before) {
        Path root = folder();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.filter(p -> p.getFileName().toString().startsWith("job-")).toList()) {
                if (Files.getLastModifiedTime(d).toInstant().isBefore(before)) {
                    deleteTree(d);
                    n++;
                }
            }
        } catch (IOException e) {
            // what is left is tried again at the next start
        }
        return n;
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
