package org.rpb.pacs.upload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The instances of confirmed uploads as the confirmation checked them, handed to the first execution of their upload
 * job on this server, so that the job starts sending at once instead of reading its files' headers again (about a
 * millisecond per file). In memory only: a resume, a retry, a job run by another node of a cluster or one whose
 * files changed reads its folder ({@link UploadInspector#headersOnly}). Holds at most {@value #MAX} uploads (a job
 * that never starts here is forgotten). Thread-safe.
 */
@ApplicationScoped
public class ConfirmedUploads {

    /** Uploads kept at most; more means jobs that did not start here, and the oldest is dropped. */
    static final int MAX = 16;

    /** By job ID, oldest first (guarded by this). */
    private final Map<Long, List<InspectedInstance>> byJob = new LinkedHashMap<>();

    /**
     * Keeps a confirmed upload's instances for its job, with their files where the job's folder holds them.
     *
     * @param jobId     the job
     * @param instances the instances the confirmation checked, their files in {@code from}
     * @param from      the folder they were checked in
     * @param to        the folder that now holds the same files under the same relative paths
     */
    public void put(long jobId, List<InspectedInstance> instances, Path from, Path to) {
        List<InspectedInstance> moved = new ArrayList<>(instances.size());
        for (InspectedInstance i : instances) {
            if (!i.file().startsWith(from)) {
                return; // not a file of the folder: the job reads its folder
            }
            moved.add(new InspectedInstance(to.resolve(from.relativize(i.file())), i.name(), i.header(),
                    i.references()));
        }
        synchronized (this) {
            byJob.put(jobId, List.copyOf(moved));
            for (Iterator<Long> it = byJob.keySet().iterator(); byJob.size() > MAX && it.hasNext();) {
                it.next();
                it.remove();
            }
        }
    }

    /**
     * @param jobId a job
     * @return its instances as confirmed, once (then forgotten); empty when none were kept here or a file is gone
     */
    public Optional<List<InspectedInstance>> take(long jobId) {
        List<InspectedInstance> kept;
        synchronized (this) {
            kept = byJob.remove(jobId);
        }
        if (kept == null || !kept.stream().allMatch(i -> Files.isRegularFile(i.file()))) {
            return Optional.empty();
        }
        return Optional.of(kept);
    }
}
