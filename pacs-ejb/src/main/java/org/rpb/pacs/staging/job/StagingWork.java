package org.rpb.pacs.staging.job;

import java.util.List;
import java.util.Map;

import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobProgress;
import org.rpb.pacs.staging.StagingPipeline;
import org.rpb.pacs.staging.StagingRequest;

/**
 * What one job execution works with, kept as the job's transient user data: rebuilt from the job
 * parameters when an execution starts (also on restart), never persisted (it holds the key).
 *
 * @param pipeline the pipeline
 * @param request the request
 * @param plan source series to instances; iteration order sorted by series UID, stable across restarts
 * @param cancel cancels a running retrieve
 * @param parameters the job's parameters
 * @param progress the job's per-instance progress (thread-safe, batched)
 */
record StagingWork(StagingPipeline pipeline, StagingRequest request, Map<String, List<InstanceResult>> plan,
        CancelToken cancel, JobParameters parameters, JobProgress progress) {
}
