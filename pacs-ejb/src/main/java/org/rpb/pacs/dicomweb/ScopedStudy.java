package org.rpb.pacs.dicomweb;

import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/**
 * A study the module recorded in a scope, as the DICOMweb service may show it.
 *
 * @param studyInstanceUid its UID in the research PACS
 * @param pid              the subject's PID (for the audit, never for responses)
 * @param seriesUids       the recorded series; others the research PACS may hold under the same study are not served
 */
public record ScopedStudy(String studyInstanceUid, String pid, Set<String> seriesUids) implements Serializable {

    public ScopedStudy {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(pid, "pid");
        seriesUids = Set.copyOf(seriesUids);
    }
}
