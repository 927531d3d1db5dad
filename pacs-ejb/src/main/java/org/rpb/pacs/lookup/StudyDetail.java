package org.rpb.pacs.lookup;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.rpb.pacs.staging.job.SeriesCopy;

/**
 * One clinical study of a Study0 patient in detail: its series with their Study0 and project copies, and
 * the references between its series read from the RT objects themselves (RTSTRUCT → image series, RTPLAN
 * → RTSTRUCT, RTDOSE → RTPLAN). Immutable.
 *
 * @param pid the patient's PID
 * @param studySubjectId the patient's Study0 subject ID
 * @param studyInstanceUid the study's UID in the clinical PACS
 * @param studyDate YYYYMMDD or ""
 * @param description Study Description
 * @param modalities Modalities in Study
 * @param series its series, in Series Number order
 * @param referencesError why the RT references could not be read, or null when they were
 */
public record StudyDetail(String pid, String studySubjectId, String studyInstanceUid, String studyDate,
        String description, String modalities, List<Series> series, String referencesError) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the list. */
    public StudyDetail {
        series = List.copyOf(series);
    }

    /**
     * @param seriesInstanceUid a series of the study
     * @return it, if it is one
     */
    public Optional<Series> series(String seriesInstanceUid) {
        return series.stream().filter(s -> s.seriesInstanceUid().equals(seriesInstanceUid)).findFirst();
    }

    /** @return the RT series (structure sets, plans, doses, others), the roots of the reference tree */
    public List<Series> rtSeries() {
        return series.stream().filter(Series::rt).sorted(java.util.Comparator.comparingInt(Series::rtRank)).toList();
    }

    /**
     * The chosen series and every series they reference, directly or through others: what has to be
     * selected with them so that the references of chosen RT objects still resolve in the copy.
     *
     * @param chosen Series Instance UIDs
     * @return the closure, chosen series first
     */
    public Set<String> withReferences(Collection<String> chosen) {
        Set<String> closure = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(chosen);
        while (!todo.isEmpty()) {
            String uid = todo.pop();
            if (closure.add(uid)) {
                series(uid).ifPresent(s -> todo.addAll(s.references()));
            }
        }
        return closure;
    }

    /**
     * A clinical series.
     *
     * @param seriesInstanceUid its UID in the clinical PACS
     * @param modality Modality
     * @param seriesNumber Series Number or -1
     * @param description Series Description
     * @param instances Number of Series Related Instances
     * @param seriesDate Series Date (YYYYMMDD), or the study date when the PACS gives none
     * @param study0Copy its Study0 copy, or null
     * @param projectCopies the project copies of its Study0 copy
     * @param references the series of the study it references, read from its instances (empty for images)
     */
    public record Series(String seriesInstanceUid, String modality, int seriesNumber, String description, int instances,
            String seriesDate, SeriesCopy study0Copy, List<SeriesCopy> projectCopies, List<String> references)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Copies the lists. */
        public Series {
            projectCopies = List.copyOf(projectCopies);
            references = List.copyOf(references);
        }

        /** @return whether it is a radiotherapy object series (RTSTRUCT, RTPLAN, RTDOSE, RTIMAGE, ...) */
        public boolean rt() {
            return modality != null && modality.startsWith("RT");
        }

        private int rtRank() {
            int i = List.of("RTSTRUCT", "RTPLAN", "RTDOSE", "RTIMAGE").indexOf(modality);
            return i < 0 ? 4 : i;
        }
    }
}
