package org.rpb.pacs.deident;

import java.util.List;
import java.util.Map;

import org.rpb.pacs.deident.manifest.Crosswalk;

/**
 * The results of a batch, one per input file in input order, with the run's crosswalk.
 *
 * @param instances per-file results
 * @param crosswalk the union of the instances' crosswalks
 */
public record BatchResult(List<InstanceResult> instances, Crosswalk crosswalk) {

    /** Copies the list. */
    public BatchResult {
        instances = List.copyOf(instances);
    }

    /** @return the number of files done */
    public long doneCount() {
        return instances.stream().filter(InstanceResult::done).count();
    }

    /** @return the refused files */
    public List<InstanceResult> refused() {
        return instances.stream().filter(r -> !r.done()).toList();
    }

    /** @return an empty result */
    static BatchResult empty() {
        return new BatchResult(List.of(), new Crosswalk(Map.of(), Map.of()));
    }
}
