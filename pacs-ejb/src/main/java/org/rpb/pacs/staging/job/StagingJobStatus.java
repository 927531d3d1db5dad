package org.rpb.pacs.staging.job;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.rpb.pacs.staging.InstanceProgress;
import org.rpb.pacs.staging.InstanceState;

/**
 * A staging job as the jobs page shows it.
 *
 * @param executionId the latest execution
 * @param jobInstanceId the job instance (stable across restarts)
 * @param batchStatus STARTING, STARTED, STOPPING, STOPPED, FAILED, COMPLETED, ABANDONED
 * @param exitStatus VERIFIED, INCOMPLETE n FAILED, or the batch status
 * @param target STUDY0 or the project code
 * @param studyInstanceUid the source study
 * @param counts instances per latest state
 * @param failures the failed instances with their reasons
 */
public record StagingJobStatus(long executionId, long jobInstanceId, String batchStatus, String exitStatus,
        String target, String studyInstanceUid, Map<InstanceState, Integer> counts, List<InstanceProgress> failures)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the collections. */
    public StagingJobStatus {
        counts = Map.copyOf(counts);
        failures = List.copyOf(failures);
    }

    /** @return instances listed so far */
    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * @param state a state
     * @return how many instances reached at least that state (verified ones also count as stored...)
     */
    public int reached(InstanceState state) {
        int n = 0;
        for (InstanceState s : InstanceState.values()) {
            if (s != InstanceState.FAILED && s.ordinal() >= state.ordinal()) {
                n += counts.getOrDefault(s, 0);
            }
        }
        return n;
    }

    /** @return true once the job no longer runs */
    public boolean finished() {
        return List.of("STOPPED", "FAILED", "COMPLETED", "ABANDONED").contains(batchStatus);
    }
}
