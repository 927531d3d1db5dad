package org.rpb.pacs.upload;

import java.io.Serializable;
import java.util.List;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobStatus;

/**
 * An upload job as the page shows it.
 *
 * @param status    the job's state and counters
 * @param instances per instance: source and target SOP Instance UIDs, state and error
 */
public record UploadJobView(JobStatus status, List<InstanceProgress> instances) implements Serializable {

    /** Copies the list. */
    public UploadJobView {
        instances = List.copyOf(instances);
    }

    /** @return the share of instances verified in the research PACS, 0 to 100 */
    public int percent() {
        if (instances.isEmpty()) {
            return 0;
        }
        long done = instances.stream().filter(i -> i.state() == InstanceState.VERIFIED).count();
        long half = instances.stream().filter(i -> i.state() == InstanceState.DEIDENTIFIED
                || i.state() == InstanceState.STORED).count();
        return (int) ((done * 100 + half * 50) / instances.size());
    }

    /** @return the first error reported, or null */
    public String error() {
        return instances.stream().map(InstanceProgress::errorText).filter(e -> e != null && !e.isBlank())
                .findFirst().orElse(null);
    }
}
