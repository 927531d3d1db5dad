package org.rpb.pacs.staging;

import org.rpb.pacs.job.InstanceProgress;

/**
 * Told about every step of every instance of a {@link StagingPipeline} run (for a job's progress
 * bar and per-instance errors). May be called from several threads at once (the pipeline's workers), each
 * instance's steps in the order they happen; implementations must be thread-safe and return quickly.
 */
@FunctionalInterface
public interface StagingListener {

    /** A listener that ignores everything. */
    StagingListener NONE = p -> { };

    /** @param progress one instance's new state */
    void progress(InstanceProgress progress);
}
