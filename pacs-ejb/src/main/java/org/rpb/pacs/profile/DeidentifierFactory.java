package org.rpb.pacs.profile;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.deident.rules.RuleFileException;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.secrets.ProjectKeys;
import org.rpb.pacs.secrets.SecretUnreadableException;

/**
 * The one place that turns a study's profile version into a configured {@link Deidentifier} (profile, rules,
 * project key, ROI vocabulary) and a subject into the {@link SubjectContext} the files receive; used by uploads,
 * staging, project copies and the de-identification API, so that every way into the research PACS writes the
 * same identity and Clinical Trial attributes. The key is read from {@link ProjectKeys} and wiped after the
 * de-identifier took it. A plain CDI bean: callers check roles and scope.
 */
@ApplicationScoped
public class DeidentifierFactory {

    @Inject
    private ProfileVersions versions;

    @Inject
    private ProjectKeys keys;

    /**
     * One profile version of a study, checked: its settings and parsed rules (no key).
     *
     * @param studyCode the study
     * @param version the version, 0 for the defaults
     * @param settings its settings
     * @param rules its parsed rules
     */
    public record Version(String studyCode, int version, ProfileSettings settings, Rules rules) {
    }

    /**
     * @param studyCode a study
     * @param version one of its profile versions, 0 for the defaults
     * @return that version, its rules parsed
     * @throws DeidentifierUnavailableException if the study has no such version or its rules do not parse
     */
    public Version version(String studyCode, int version) throws DeidentifierUnavailableException {
        ProfileSettings settings;
        try {
            settings = versions.settings(studyCode, version);
        } catch (ProfileVersionNotFoundException e) {
            throw new DeidentifierUnavailableException("profile version " + version + " of " + studyCode
                    + " does not exist", e);
        }
        try {
            return new Version(studyCode, version, settings,
                    ProfileService.rules(settings, studyCode + " profile version " + version));
        } catch (RuleFileException e) {
            throw new DeidentifierUnavailableException("the de-identification rules of " + studyCode
                    + " do not parse: " + e.getMessage(), e);
        }
    }

    /**
     * @param v a profile version
     * @param vocabulary the study's ROI vocabulary for the files at hand, or {@link RoiVocabulary#NONE}
     * @param threads worker threads of the de-identifier
     * @return a de-identifier with the version's profile and rules and the study's project key
     * @throws DeidentifierUnavailableException if the key cannot be read
     */
    public Deidentifier deidentifier(Version v, RoiVocabulary vocabulary, int threads)
            throws DeidentifierUnavailableException {
        return deidentifier(v, vocabulary, threads, true);
    }

    /**
     * As {@link #deidentifier(Version, RoiVocabulary, int)}, for callers that keep no manifest (staging and project
     * copies record the crosswalk's UIDs and each instance's state, not which attribute was changed how): the output
     * is byte for byte the same, without the keyed hash of every old value.
     *
     * @param v a profile version
     * @param vocabulary the study's ROI vocabulary for the files at hand, or {@link RoiVocabulary#NONE}
     * @param threads worker threads of the de-identifier
     * @param manifest whether the results carry the manifest ({@link Deidentifier.Builder#manifest(boolean)})
     * @return a de-identifier with the version's profile and rules and the study's project key
     * @throws DeidentifierUnavailableException if the key cannot be read
     */
    public Deidentifier deidentifier(Version v, RoiVocabulary vocabulary, int threads, boolean manifest)
            throws DeidentifierUnavailableException {
        byte[] key;
        try {
            key = keys.key(v.studyCode(), v.settings().keyReference());
        } catch (SecretUnreadableException e) {
            throw new DeidentifierUnavailableException("the key of " + v.studyCode() + " cannot be read: "
                    + e.getMessage(), e);
        }
        try {
            return Deidentifier.builder().profile(v.settings().profile()).key(key).rules(v.rules())
                    .vocabulary(vocabulary).threads(threads).manifest(manifest).build();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The identity and Clinical Trial attributes the files of a subject receive: Patient ID and Name are the
     * profile's subject identifier (PID or study subject ID), the protocol is the profile's or else the study's
     * code and name, the site and subject are the scope's, and an event with its slot gives the time point.
     *
     * @param settings the profile version's settings
     * @param studyCode the study
     * @param studyName its name
     * @param siteCode the site
     * @param subject the subject
     * @param study0 true for a Study0 copy, whose Patient ID and Name are always the PID
     * @return a builder with all that set; callers add what only they know (an expected patient ID, a time point)
     */
    public static SubjectContext.Builder subject(ProfileSettings settings, String studyCode, String studyName,
            String siteCode, Subject subject, boolean study0) {
        String id = !study0 && settings.subjectIdentifier() == SubjectIdentifier.STUDY_SUBJECT_ID
                ? subject.studySubjectId() : subject.pid();
        SubjectContext.Builder b = SubjectContext.builder(id, id)
                .trialProtocolId(settings.trialProtocolId() != null ? settings.trialProtocolId() : studyCode)
                .trialProtocolName(settings.trialProtocolName() != null ? settings.trialProtocolName() : studyName)
                .trialSiteId(siteCode).trialSubjectId(subject.studySubjectId()).studyCode(studyCode);
        if (settings.trialSponsor() != null) {
            b.trialSponsor(settings.trialSponsor());
        }
        return b;
    }

    /**
     * @param b a subject's context
     * @param event the event its files belong to
     * @param slotName the upload slot's name
     * @return the builder with the event as the Clinical Trial time point
     */
    public static SubjectContext.Builder atEvent(SubjectContext.Builder b, EventOccurrence event, String slotName) {
        return b.trialTimePoint(event.definitionCode() + "-" + event.repeatKey())
                .trialTimePointDescription(event.definitionName() + " / " + slotName);
    }
}
