package org.rpb.pacs.upload.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobProgress;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.upload.InspectedInstance;
import org.rpb.pacs.upload.UploadPipeline;
import org.rpb.pacs.upload.UploadTarget;
import org.rpb.pacs.upload.UploadTimings;

/**
 * What one upload job execution works with, kept as its transient user data and rebuilt from the parameters and
 * the job's folder when an execution starts (also on a resume); never persisted (it holds the key).
 *
 * @param parameters the job's parameters
 * @param scope the job's study and site
 * @param target the job's slot, event and subject in that scope
 * @param version the profile version
 * @param pipeline the pipeline with the job's de-identifier
 * @param subject the identity the files receive
 * @param instances every instance of the upload, in batch order
 * @param batches the batches: per series (by UID), at most {@value UploadSeriesReader#BATCH} instances each
 * @param sourceStudyUid the upload's StudyInstanceUID
 * @param out the folder of de-identified files
 * @param progress the job's per-instance progress
 * @param timings the time this execution spent in each step, logged when it ends
 * @param ahead the next batch, sent while the current one is verified (closed with the reader)
 * @param stores the execution's store associations, kept open from batch to batch (closed with the reader)
 * @param stored the headers of the instances this execution sent and verified, as sent, by source SOP Instance
 *               UID, for the study record (those of batches verified by an earlier execution are made again then)
 */
record UploadWork(JobParameters parameters, ActiveScope scope, UploadTarget target, int version,
        UploadPipeline pipeline, SubjectContext subject, List<InspectedInstance> instances,
        List<List<InspectedInstance>> batches, String sourceStudyUid, Path out, JobProgress progress,
        UploadTimings timings, UploadAhead ahead, UploadPipeline.Stores stores,
        Map<String, HeaderSummary> stored) {
}
