package org.rpb.pacs.staging;

import org.rpb.pacs.job.InstanceProgress;

/**
 * Told about every step of every instance of a {@link StagingPipeline} run (for a job's progress
 * bar and per-instance errors). Called from several threads at once: the thread that runs the
 * pipeline, the receiver's threads (an instance arrived) and the pipeline's workers (de-identified,
 * stored). Implementations must be thread-safe and should return quickly (a slow listener slows the
 * workers and, through back-pressure, the retrieve). The steps of one instance are reported in order,
 * one after the other; steps of different instances interleave.
 */
@FunctionalInterface
public interface StagingListener {

    /** A listener that ignores everything. */
    StagingListener NONE = p -> { };

    /** @param progress one instance's new state */
    void progress(InstanceProgress progress);
}
