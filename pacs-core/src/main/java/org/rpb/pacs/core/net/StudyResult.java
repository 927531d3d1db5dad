package org.rpb.pacs.core.net;

import org.rpb.pacs.core.dict.Tags;

/**
 * A study-level match.
 *
 * @param studyInstanceUid  Study Instance UID
 * @param patientId         Patient ID
 * @param patientName       Patient's Name in DICOM form
 * @param studyDate         Study Date (YYYYMMDD) or ""
 * @param accessionNumber   Accession Number or ""
 * @param studyDescription  Study Description or ""
 * @param modalitiesInStudy Modalities in Study, backslash separated, or ""
 * @param numberOfSeries    Number of Study Related Series, or -1
 * @param numberOfInstances Number of Study Related Instances, or -1
 */
public record StudyResult(String studyInstanceUid, String patientId, String patientName, String studyDate,
                          String accessionNumber, String studyDescription, String modalitiesInStudy,
                          int numberOfSeries, int numberOfInstances) {
    /** @return the typed view of a study-level match */
    public static StudyResult of(FindMatch m) {
        return new StudyResult(m.get(Tags.StudyInstanceUID.value()), m.get(Tags.PatientID.value()),
                m.get(Tags.PatientName.value()), m.get(Tags.StudyDate.value()), m.get(Tags.AccessionNumber.value()),
                m.get(Tags.StudyDescription.value()), m.get(Tags.ModalitiesInStudy.value()),
                m.getInt(Tags.NumberOfStudyRelatedSeries.value()), m.getInt(Tags.NumberOfStudyRelatedInstances.value()));
    }
}
