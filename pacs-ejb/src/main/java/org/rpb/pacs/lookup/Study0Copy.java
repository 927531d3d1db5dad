package org.rpb.pacs.lookup;

import java.io.Serializable;
import java.util.List;

import org.rpb.pacs.staging.job.SeriesCopy;

/**
 * A Study0 copy of one of a patient's clinical studies, as the research PACS holds it and the module
 * recorded it, with the copies of its series already made in the active project. Immutable.
 *
 * @param studyInstanceUid the Study0 copy's Study Instance UID in the research PACS
 * @param studyDate its (de-identified) Study Date, YYYYMMDD or ""
 * @param description its Study Description
 * @param series its recorded series
 */
public record Study0Copy(String studyInstanceUid, String studyDate, String description, List<Series> series)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the list. */
    public Study0Copy {
        series = List.copyOf(series);
    }

    /**
     * One series of a Study0 copy.
     *
     * @param seriesInstanceUid its UID in the Study0 copy
     * @param modality Modality ("" if the research PACS does not list it)
     * @param seriesNumber Series Number or -1
     * @param description Series Description
     * @param record the module's record of it (instances, verified, complete)
     * @param projectCopy its copy in the active project, or null
     */
    public record Series(String seriesInstanceUid, String modality, int seriesNumber, String description,
            SeriesCopy record, SeriesCopy projectCopy) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
