package org.rpb.pacs.staging.job;

import java.util.Arrays;
import java.util.List;
import java.nio.file.Path;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.deident.rules.RuleFileException;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.StudyConfiguration;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.portal.spi.PortalStudyData;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersionNotFoundException;
import org.rpb.pacs.profile.ProfileVersions;
import org.rpb.pacs.profile.SubjectIdentifier;
import org.rpb.pacs.secrets.ProjectKeys;
import org.rpb.pacs.secrets.SecretUnreadableException;
import org.rpb.pacs.staging.StagingException;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobType;

/**
 * How a staging or copy job de-identifies: with the profile version recorded in its parameters (never the
 * study's newest one, so a retry or a restart gives the same output), the study's project key from
 * {@link ProjectKeys} and, per batch of retrieved files, the study's ROI vocabulary
 * ({@link org.rpb.pacs.vocabulary.ProjectRoiVocabulary}), as uploads do. The subject comes from the portal
 * at run time: a Study0 copy is the PID and must come from the patient's HIS patient ID; a project copy is
 * the profile's subject identifier and must come from a Study0 copy (Patient ID = PID).
 */
@ApplicationScoped
public class StagingDeidentifiers {

    @Inject
    private ProfileVersions versions;

    @Inject
    private ProjectKeys keys;

    @Inject
    private org.rpb.pacs.vocabulary.ProjectRoiVocabulary vocabularies;

    @Inject
    private PortalStudyData portal;

    /**
     * @param p a job's parameters
     * @return its request (without the pipeline)
     * @throws StagingException if the profile version, the key or the subject cannot be had
     */
    StagingRequestParts parts(JobParameters p) throws StagingException {
        ProfileSettings settings;
        try {
            settings = versions.settings(p.studyCode(), p.profileVersion());
        } catch (ProfileVersionNotFoundException e) {
            throw new StagingException("profile version " + p.profileVersion() + " of " + p.studyCode() + " is gone", e);
        }
        Rules rules;
        try {
            rules = ProfileService.rules(settings, p.studyCode() + " profile version " + p.profileVersion());
        } catch (RuleFileException e) {
            throw new StagingException("the de-identification rules do not parse: " + e.getMessage(), e);
        }
        Profile profile = settings.profile();
        Deidentifier base = build(p, settings, profile, rules, RoiVocabulary.NONE);
        Function<List<Path>, Deidentifier> forInputs = inputs -> {
            RoiVocabulary v = vocabularies.forFiles(p.studyCode(), inputs);
            if (v == RoiVocabulary.NONE) {
                return base;
            }
            try {
                return build(p, settings, profile, rules, v);
            } catch (StagingException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
        return new StagingRequestParts(base, forInputs, subject(p, settings));
    }

    private Deidentifier build(JobParameters p, ProfileSettings settings, Profile profile, Rules rules,
            RoiVocabulary vocabulary) throws StagingException {
        byte[] key;
        try {
            key = keys.key(p.studyCode(), settings.keyReference());
        } catch (SecretUnreadableException e) {
            throw new StagingException("the key of " + p.studyCode() + " cannot be read: " + e.getMessage(), e);
        }
        try {
            return Deidentifier.builder().profile(profile).key(key).rules(rules).vocabulary(vocabulary).threads(2)
                    .build();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private SubjectContext subject(JobParameters p, ProfileSettings settings) throws StagingException {
        Subject s = portal.subject(p.studyCode(), p.siteCode(), p.pid()).orElseThrow(() -> new StagingException(
                "PID " + p.pid() + " is no longer a subject of " + p.studyCode() + " at " + p.siteCode()));
        String id;
        String expected;
        if (p.type() == JobType.STAGE) {
            id = s.pid();
            // looked up now, so that the job repository never holds it
            expected = s.hisPatientId();
            if (expected == null || expected.isBlank()) {
                throw new StagingException("PID " + p.pid() + " has no HIS patient ID in Study0");
            }
        } else {
            id = settings.subjectIdentifier() == SubjectIdentifier.STUDY_SUBJECT_ID ? s.studySubjectId() : s.pid();
            expected = s.pid();
        }
        String name = portal.configuration(p.studyCode()).map(StudyConfiguration::name).orElse(p.studyCode());
        SubjectContext.Builder b = SubjectContext.builder(id, id).expectedPatientId(expected)
                .trialProtocolId(settings.trialProtocolId() != null ? settings.trialProtocolId() : p.studyCode())
                .trialProtocolName(settings.trialProtocolName() != null ? settings.trialProtocolName() : name)
                .trialSiteId(p.siteCode()).trialSubjectId(s.studySubjectId()).studyCode(p.studyCode());
        if (settings.trialSponsor() != null) {
            b.trialSponsor(settings.trialSponsor());
        }
        if (p.slotId() != null) {
            UploadSlot slot = portal.slot(p.studyCode(), p.siteCode(), p.slotId()).orElseThrow(
                    () -> new StagingException("upload slot " + p.slotId() + " is no longer in " + p.studyCode()));
            EventOccurrence event = portal.event(p.studyCode(), p.siteCode(), slot.eventId()).orElseThrow(
                    () -> new StagingException("the event of upload slot " + p.slotId() + " is gone"));
            b.trialTimePoint(event.definitionCode() + "-" + event.repeatKey())
                    .trialTimePointDescription(event.definitionName() + " / " + slot.name());
        }
        return b.build();
    }


    /**
     * What a job's request is made of.
     *
     * @param deidentifier the de-identifier without data-dependent parts (for predicting UIDs)
     * @param forInputs    the de-identifier per batch of retrieved files
     * @param subject      the subject
     */
    record StagingRequestParts(Deidentifier deidentifier, Function<List<Path>, Deidentifier> forInputs,
            SubjectContext subject) {
    }
}
