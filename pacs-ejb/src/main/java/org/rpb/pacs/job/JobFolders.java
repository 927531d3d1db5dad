package org.rpb.pacs.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import org.rpb.pacs.core.io.FileTrees;

/**
 * The jobs' folders. {@code <jobs dir>/upload-jobs/<job ID>}: an upload job's raw files ({@code in/}) and
 * de-identified output ({@code out/}), kept until the job completes so that a retry or a resume after a server stop
 * works on the same files; in a cluster the jobs dir ({@value #DIR_PROPERTY}) is one folder that every node reaches,
 * so that the node that takes a job over finds its files. {@code jboss.server.data.dir/pacs/staging/job-*}: one per
 * series run of a staging or copy job on this node, holding retrieved (identifiable) and de-identified files until
 * the series ends; always the node's own (a series is redone from the clinical PACS when another node takes the
 * job over, and each node deletes its leftovers at start-up without touching another node's running series).
 */
public final class JobFolders {
    /** System property: the folder of the upload jobs' files, shared by every node of a cluster (default
     * {@code jboss.server.data.dir/pacs}). */
    public static final String DIR_PROPERTY = "pacs.jobs.dir";

    private JobFolders() {
    }

    private static Path nodeRoot() {
        return Path.of(System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir")), "pacs");
    }

    private static Path sharedRoot() {
        String dir = System.getProperty(DIR_PROPERTY);
        return dir == null || dir.isBlank() ? nodeRoot() : Path.of(dir.trim());
    }

    /** @return the staging spool folder (this node's) */
    public static Path spool() {
        return nodeRoot().resolve("staging");
    }

    /**
     * @param jobId an upload job
     * @return its folder (under the shared jobs dir)
     */
    public static Path upload(long jobId) {
        return sharedRoot().resolve("upload-jobs").resolve(Long.toString(jobId));
    }

    /**
     * Deletes the spool's series folders last written before a time (those of an earlier server process), so
     * that no clinical file stays on disk after a crash.
     *
     * @param before the start of this deployment
     * @return how many were deleted
     */
    static int deleteSpoolLeftovers(Instant before) {
        Path root = spool();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.filter(p -> p.getFileName().toString().startsWith("job-")).toList()) {
                if (Files.getLastModifiedTime(d).toInstant().isBefore(before)) {
                    FileTrees.delete(d);
                    n++;
                }
            }
        } catch (IOException e) {
            // what is left is tried again at the next start
        }
        return n;
    }
}
