package org.rpb.pacs.record;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A DICOM study the module created or linked.
 *
 * @param id               the record's ID
 * @param stage            which copy it is
 * @param studyCode        the portal study it belongs to
 * @param siteCode         the site it belongs to
 * @param pid              the subject's PID
 * @param studyInstanceUid the study's UID in this copy
 * @param sourceRecordId   the record it was made from, or {@code null}
 * @param sourceStudyUid   the UID of the study it was made from, or {@code null}
 * @param studyDate        StudyDate as stored (possibly shifted), {@code YYYYMMDD}, or {@code null}
 * @param description      StudyDescription as stored, or {@code null}
 * @param eventId          the event occurrence whose slot it fills, or {@code null}
 * @param slotId           the upload slot it fills, or {@code null}
 * @param profileVersion   the de-identification profile version it was made with, or {@code null}
 * @param createdBy        who made or linked it
 * @param createdAt        when
 * @param series           its series
 */
public record StudyRecord(long id, Stage stage, String studyCode, String siteCode, String pid,
        String studyInstanceUid, Long sourceRecordId, String sourceStudyUid, String studyDate, String description,
        Long eventId, Long slotId, Integer profileVersion, String createdBy, LocalDateTime createdAt,
        List<SeriesRecord> series) implements Serializable {

    public StudyRecord {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        series = List.copyOf(series);
    }
}
