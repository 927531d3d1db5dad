package org.rpb.pacs.staging;

import java.util.List;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;

/**
 * The outcome of one run: the final state of every instance the source listed.
 *
 * @param sourceStudyInstanceUid the study in the source PACS
 * @param targetStudyInstanceUid the copy's Study Instance UID in the research PACS
 * @param instances one final state per source instance ({@link InstanceState#VERIFIED} or
 *        {@link InstanceState#FAILED}), in listing order
 * @param skipped how many were already verified before the run and not copied again
 */
public record StagingResult(String sourceStudyInstanceUid, String targetStudyInstanceUid,
        List<InstanceProgress> instances, int skipped) {

    /** Copies the list. */
    public StagingResult {
        instances = List.copyOf(instances);
    }

    /** @return true when every instance is verified in the research PACS */
    public boolean complete() {
        return instances.stream().allMatch(i -> i.state() == InstanceState.VERIFIED);
    }

    /** @return number of verified instances */
    public int verified() {
        return (int) instances.stream().filter(i -> i.state() == InstanceState.VERIFIED).count();
    }

    /** @return the failed instances with their reasons */
    public List<InstanceProgress> failures() {
        return instances.stream().filter(i -> i.state() == InstanceState.FAILED).toList();
    }


}
