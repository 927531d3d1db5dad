package org.rpb.pacs.record;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a workflow reports after it stored (and verified) a study, to be recorded in the active scope.
 *
 * @param stage            which copy it is
 * @param pid              the subject's PID (must be a subject of the active study and site)
 * @param studyInstanceUid the stored study's UID
 * @param sourceRecordId   the record it was made from, or {@code null}
 * @param sourceStudyUid   the UID it was made from, or {@code null}
 * @param studyDate        StudyDate as stored, or {@code null}
 * @param description      StudyDescription as stored, or {@code null}
 * @param profileVersion   the profile version used, or {@code null}
 * @param series           its series
 */
public record NewStudyRecord(Stage stage, String pid, String studyInstanceUid, Long sourceRecordId,
        String sourceStudyUid, String studyDate, String description, Integer profileVersion,
        List<SeriesRecord> series) implements Serializable {

    public NewStudyRecord {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(pid, "pid");
        if (studyInstanceUid == null || !studyInstanceUid.matches("[0-9]+(\\.[0-9]+)*") || studyInstanceUid.length() > 64) {
            throw new IllegalArgumentException("studyInstanceUid is not a DICOM UID");
        }
        series = List.copyOf(series);
    }
}
