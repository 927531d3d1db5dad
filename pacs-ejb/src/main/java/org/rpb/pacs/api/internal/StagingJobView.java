package org.rpb.pacs.api.internal;

import java.util.List;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.staging.InstanceState;
import org.rpb.pacs.staging.job.StagingJobParameters;
import org.rpb.pacs.staging.job.StagingJobStatus;

/** A staging execution as the API's {@link JobStatus}: the API's values, never the staging's own types. */
final class StagingJobView {

    private StagingJobView() {
    }

    /**
     * @param s     the staging status (already checked to belong to the scope's study)
     * @param scope the caller's active study and site
     */
    static JobStatus status(StagingJobStatus s, ActiveScope scope) {
        JobType type = StagingJobParameters.STUDY0.equals(s.target()) ? JobType.STAGE : JobType.COPY;
        return new JobStatus(s.executionId(), type, state(s.batchStatus(), s.exitStatus()), scope.study().code(),
                scope.site().code(), null, null, null, null,
                s.reached(InstanceState.RETRIEVED), s.reached(InstanceState.DEIDENTIFIED), s.reached(InstanceState.STORED),
                s.reached(InstanceState.VERIFIED), s.counts().getOrDefault(InstanceState.FAILED, 0));
    }

    /** The failed instances in the API's form. */
    static List<InstanceProgress> failures(StagingJobStatus s) {
        return s.failures().stream().map(f -> new InstanceProgress(f.sourceSopInstanceUid(),
                f.targetSopInstanceUid().isEmpty() ? null : f.targetSopInstanceUid(), org.rpb.pacs.job.InstanceState.FAILED,
                f.reason())).toList();
    }

    /**
     * A batch status and exit status as the module's job state: a completed execution that did not verify every
     * instance has failed.
     */
    static JobState state(String batchStatus, String exitStatus) {
        return switch (batchStatus) {
            case "STARTING" -> JobState.QUEUED;
            case "STARTED", "STOPPING" -> JobState.RUNNING;
            case "STOPPED" -> JobState.CANCELLED;
            case "COMPLETED" -> "VERIFIED".equals(exitStatus) ? JobState.COMPLETED : JobState.FAILED;
            default -> JobState.FAILED;
        };
    }
}
