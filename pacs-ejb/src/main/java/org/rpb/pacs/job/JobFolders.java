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

    /** In an upload job's folder after its files were deleted by the retention: why, for a retry's refusal. */
    private static final String GONE = "files-deleted.txt";

    /**
     * Deletes an upload job's files (raw and de-identified) and leaves in its folder only the reason a retry will
     * give.
     *
     * @param jobId  an upload job
     * @param reason why its files are gone (no patient data), e.g. the retention after which they were deleted
     * @return how many files were deleted
     * @throws IOException if something cannot be deleted
     */
    public static int deleteUploadFiles(long jobId, String reason) throws IOException {
        Path dir = upload(jobId);
        int files = 0;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                files = (int) s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(GONE))
                        .count();
            }
        }
        FileTrees.delete(dir);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(GONE), reason);
        return files;
    }

    /**
     * @param jobId an upload job
     * @return why its files cannot be retried, or empty while they are on the server
     */
    public static java.util.Optional<String> uploadFilesMissing(long jobId) {
        Path dir = upload(jobId);
        if (Files.isDirectory(dir.resolve("in"))) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.readString(dir.resolve(GONE)));
        } catch (IOException e) {
            return java.util.Optional.of("the files of upload job " + jobId + " are no longer on the server; upload "
                    + "again");
        }
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
