package org.rpb.pacs.core.net;

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
        return new StudyResult(m.get(QueryTags.STUDY_INSTANCE_UID), m.get(QueryTags.PATIENT_ID),
                m.get(QueryTags.PATIENT_NAME), m.get(QueryTags.STUDY_DATE), m.get(QueryTags.ACCESSION_NUMBER),
                m.get(QueryTags.STUDY_DESCRIPTION), m.get(QueryTags.MODALITIES_IN_STUDY),
                m.getInt(QueryTags.NUMBER_OF_STUDY_RELATED_SERIES), m.getInt(QueryTags.NUMBER_OF_STUDY_RELATED_INSTANCES));
    }
}
