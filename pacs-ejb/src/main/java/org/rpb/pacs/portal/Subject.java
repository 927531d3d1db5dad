package org.rpb.pacs.portal;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A study subject of the portal at one study and site.
 *
 * <p>{@link #toString()} leaves out the HIS patient ID, so a logged subject shows only its pseudonym.
 *
 * @param pid            the subject's pseudonym (PID), the same in every study the patient is enrolled in
 * @param studySubjectId the subject's identifier within the study (e.g. {@code RT-DD-001})
 * @param studyCode      the study the subject belongs to
 * @param siteCode       the site that enrolled the subject
 * @param hisPatientId   the hospital patient ID (any string), known only for Study0 members, else {@code null}
 * @param sex            {@code M}, {@code F}, {@code O} or {@code null} when unknown, for sanity checks
 * @param birthYear      year of birth or {@code null} when unknown, for sanity checks
 * @param enrolmentDate  the date the subject was enrolled in the study at its site, or {@code null} when the portal
 *                       does not say
 */
public record Subject(String pid, String studySubjectId, String studyCode, String siteCode, String hisPatientId,
        String sex, Integer birthYear, LocalDate enrolmentDate) implements Serializable {

    public Subject {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(studySubjectId, "studySubjectId");
        Objects.requireNonNull(studyCode, "studyCode");
        Objects.requireNonNull(siteCode, "siteCode");
    }

    /** A subject whose enrolment date the portal does not give. */
    public Subject(String pid, String studySubjectId, String studyCode, String siteCode, String hisPatientId,
            String sex, Integer birthYear) {
        this(pid, studySubjectId, studyCode, siteCode, hisPatientId, sex, birthYear, null);
    }

    /** The HIS patient ID, present for Study0 members only. */
    public Optional<String> his() {
        return Optional.ofNullable(hisPatientId);
    }

    @Override
    public String toString() {
        return "Subject[pid=" + pid + ", studySubjectId=" + studySubjectId + ", study=" + studyCode
                + ", site=" + siteCode + ", his=" + (hisPatientId == null ? "none" : "hidden") + "]";
    }
}
