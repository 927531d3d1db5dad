package org.rpb.pacs.core.net;

/**
 * A patient-level match.
 *
 * @param patientId      Patient ID
 * @param patientName    Patient's Name in DICOM form
 * @param birthDate      Patient's Birth Date (YYYYMMDD) or ""
 * @param sex            Patient's Sex or ""
 * @param numberOfStudies Number of Patient Related Studies, or -1 if not returned
 */
public record PatientResult(String patientId, String patientName, String birthDate, String sex, int numberOfStudies) {
    /** @return the typed view of a patient-level match */
    public static PatientResult of(FindMatch m) {
        return new PatientResult(m.get(QueryTags.PATIENT_ID), m.get(QueryTags.PATIENT_NAME),
                m.get(QueryTags.PATIENT_BIRTH_DATE), m.get(QueryTags.PATIENT_SEX),
                m.getInt(QueryTags.NUMBER_OF_PATIENT_RELATED_STUDIES));
    }
}
