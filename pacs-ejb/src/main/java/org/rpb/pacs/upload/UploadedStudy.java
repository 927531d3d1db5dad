package org.rpb.pacs.upload;

import java.io.Serializable;
import java.util.List;

/**
 * A study stored in the research archive by an upload and verified there.
 *
 * @param studyInstanceUid       its de-identified StudyInstanceUID
 * @param sourceStudyInstanceUid the uploaded study's original UID (kept in the module's records, never shown
 *                               outside the upload)
 * @param studyDate              StudyDate as stored (after de-identification), or null
 * @param description            StudyDescription as stored, or null
 * @param series                 its series
 * @param sopInstanceUids        the de-identified SOP Instance UIDs, all verified
 */
public record UploadedStudy(String studyInstanceUid, String sourceStudyInstanceUid, String studyDate,
        String description, List<Series> series, List<String> sopInstanceUids) implements Serializable {

    /** Copies the lists. */
    public UploadedStudy {
        series = List.copyOf(series);
        sopInstanceUids = List.copyOf(sopInstanceUids);
    }

    /**
     * A series of the study.
     *
     * @param seriesInstanceUid       its de-identified UID
     * @param sourceSeriesInstanceUid its original UID
     * @param modality                its modality
     * @param description             its SeriesDescription as stored, or null
     * @param instanceCount           its number of instances
     */
    public record Series(String seriesInstanceUid, String sourceSeriesInstanceUid, String modality,
            String description, int instanceCount) implements Serializable {

        Series plusOne() {
            return new Series(seriesInstanceUid, sourceSeriesInstanceUid, modality, description, instanceCount + 1);
        }
    }
}
