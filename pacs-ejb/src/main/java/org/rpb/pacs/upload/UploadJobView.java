package org.rpb.pacs.upload;

import java.io.Serializable;
import java.util.List;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobStatus;

/**
 * An upload job as the page shows it.
 *
 * @param status    the job's state and counters (how many instances in all, and in each state)
 * @param instances its failed instances: source and target SOP Instance UIDs and the reason (the page polls the
 *                  view while the job runs: the counters say how far it is without reading every instance's row)
 */
public record UploadJobView(JobStatus status, List<InstanceProgress> instances) implements Serializable {

    /** Copies the list. */
    public UploadJobView {
        instances = List.copyOf(instances);
    }

    /** @return the share of instances verified in the research PACS, 0 to 100 */
    public int percent() {
        return status.total() == 0 ? 0 : (status.verified() * 100 + (status.deidentified() - status.verified()) * 50)
                / status.total();
    }

    /** @return the first error reported (an instance's reason, else the job's outcome if it failed), or null */
    public String error() {
        return instances.stream().filter(i -> i.state() == InstanceState.FAILED).map(InstanceProgress::reason)
                .filter(e -> !e.isBlank()).findFirst()
                .orElse(status.outcome() != null && status.outcome().startsWith("FAILED") ? status.outcome() : null);
    }
}
