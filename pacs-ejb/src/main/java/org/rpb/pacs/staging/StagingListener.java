package org.rpb.pacs.staging;

/**
 * Told about every step of every instance of a {@link StagingPipeline} run (for a job's progress
 * bar and per-instance errors). Called on the thread that runs the pipeline, in the order the steps
 * happen; implementations should return quickly.
 */
@FunctionalInterface
public interface StagingListener {

    /** A listener that ignores everything. */
    StagingListener NONE = p -> { };

    /** @param progress one instance's new state */
    void progress(InstanceProgress progress);
}
