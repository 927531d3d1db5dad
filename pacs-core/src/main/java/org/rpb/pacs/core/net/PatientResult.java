package org.rpb.pacs.core.net;

import org.rpb.pacs.core.dict.Tags;

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
        return new PatientResult(m.get(Tags.PatientID.value()), m.get(Tags.PatientName.value()),
                m.get(Tags.PatientBirthDate.value()), m.get(Tags.PatientSex.value()),
                m.getInt(Tags.NumberOfPatientRelatedStudies.value()));
    }
}
