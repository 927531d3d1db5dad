package org.rpb.pacs.dicomweb;

import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.rpb.pacs.portal.ActiveScope;

/**
 * What a DICOMweb caller may see: the recorded studies of one study and site, and the research PACS' DICOMweb root
 * that holds them. Immutable.
 *
 * @param scope       the study and site
 * @param studies     the recorded studies, in record order, one entry per StudyInstanceUID
 * @param researchUrl the research PACS' DICOMweb root, without a trailing slash
 */
public record DicomWebScope(ActiveScope scope, List<ScopedStudy> studies, URI researchUrl) implements Serializable {

    public DicomWebScope {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(researchUrl, "researchUrl");
        studies = List.copyOf(studies);
    }

    /** @return the recorded study with the UID, if it is in this scope */
    public Optional<ScopedStudy> study(String studyInstanceUid) {
        return studies.stream().filter(s -> s.studyInstanceUid().equals(studyInstanceUid)).findFirst();
    }

    /** @return whether the series is a recorded series of the study in this scope */
    public boolean hasSeries(String studyInstanceUid, String seriesInstanceUid) {
        return study(studyInstanceUid).map(s -> s.seriesUids().contains(seriesInstanceUid)).orElse(false);
    }
}
