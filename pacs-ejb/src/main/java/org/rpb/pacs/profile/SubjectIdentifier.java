package org.rpb.pacs.profile;

/** What de-identified data carry as PatientID/PatientName. */
public enum SubjectIdentifier {
    /** The subject's pseudonym, the same across projects. */
    PID,
    /** The subject's identifier within the study. */
    STUDY_SUBJECT_ID
}
