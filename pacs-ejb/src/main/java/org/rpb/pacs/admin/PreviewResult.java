package org.rpb.pacs.admin;

import java.io.Serializable;
import java.util.List;

/**
 * What a profile being edited does to one sample.
 *
 * @param changes  every attribute touched, in the order pacs-deident touched them
 * @param refusal  why pacs-deident refused the sample (no patient values), or null when it was done
 * @param leaks    the leak scanner's hits on the output, each naming file, attribute path, identifier number
 *                 and form (never the identifier); empty when clean
 * @param roiNames the sample's ROI names and their standard names under the project's mapping
 */
public record PreviewResult(List<AttributeChange> changes, String refusal, List<String> leaks,
        List<RoiMappingRow> roiNames) implements Serializable {

    /** Copies the lists. */
    public PreviewResult {
        changes = List.copyOf(changes);
        leaks = List.copyOf(leaks);
        roiNames = List.copyOf(roiNames);
    }

    /** @return whether the sample was de-identified and the leak scanner found none of its identifiers */
    public boolean clean() {
        return refusal == null && leaks.isEmpty();
    }

    /**
     * @param keyword a dictionary keyword
     * @return the top-level change of that attribute, or null
     */
    public AttributeChange change(String keyword) {
        return changes.stream().filter(c -> !c.nested() && c.keyword().equals(keyword)).findFirst().orElse(null);
    }
}
