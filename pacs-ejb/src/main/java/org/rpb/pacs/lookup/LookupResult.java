package org.rpb.pacs.lookup;

import java.io.Serializable;
import java.util.List;
import org.rpb.pacs.staging.job.SeriesCopy;

/**
 * The answer to a lookup: the identifiers refused (not Study0 patients of the active site, never
 * queried) and, per patient found, the clinical studies with their series and copies.
 *
 * @param refused identifiers that are not in Study0 at the active site
 * @param patients the patients found, in the order asked
 */
public record LookupResult(List<String> refused, List<Patient> patients) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the lists. */
    public LookupResult {
        refused = List.copyOf(refused);
        patients = List.copyOf(patients);
    }

    /**
     * One Study0 patient.
     *
     * @param pid the PID
     * @param studySubjectId the Study0 subject ID
     * @param studies the clinical studies
     * @param error why the clinical PACS could not be queried for this patient, or null
     */
    public record Patient(String pid, String studySubjectId, List<Study> studies, String error) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Copies the list. */
        public Patient {
            studies = List.copyOf(studies);
        }
    }

    /**
     * A clinical study.
     *
     * @param studyInstanceUid its UID in the clinical PACS
     * @param studyDate YYYYMMDD or ""
     * @param description Study Description
     * @param modalities Modalities in Study
     * @param seriesCount number of series
     * @param instanceCount number of instances
     * @param series its series with their copies
     */
    public record Study(String studyInstanceUid, String studyDate, String description, String modalities,
            int seriesCount, int instanceCount, List<Series> series) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Copies the list. */
        public Study {
            series = List.copyOf(series);
        }

        /** @return true when every series has a complete Study0 copy */
        public boolean staged() {
            return !series.isEmpty() && series.stream().allMatch(s -> s.study0Copy() != null && s.study0Copy().complete());
        }

        /** @return the projects that hold a copy of some series */
        public List<String> projects() {
            return series.stream().flatMap(s -> s.projectCopies().stream()).map(SeriesCopy::target).distinct().sorted().toList();
        }
    }

    /**
     * A clinical series.
     *
     * @param seriesInstanceUid its UID in the clinical PACS
     * @param modality Modality
     * @param seriesNumber Series Number or -1
     * @param description Series Description
     * @param instances number of instances
     * @param study0Copy its Study0 copy, or null
     * @param projectCopies copies of that Study0 copy in projects
     */
    public record Series(String seriesInstanceUid, String modality, int seriesNumber, String description, int instances,
            SeriesCopy study0Copy, List<SeriesCopy> projectCopies) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Copies the list. */
        public Series {
            projectCopies = List.copyOf(projectCopies);
        }
    }
}
