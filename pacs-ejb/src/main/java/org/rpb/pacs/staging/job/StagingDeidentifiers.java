package org.rpb.pacs.staging.job;

import java.util.List;
import java.nio.file.Path;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.StudyConfiguration;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.portal.spi.PortalStudyData;
import org.rpb.pacs.profile.DeidentifierFactory;
import org.rpb.pacs.profile.DeidentifierUnavailableException;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.staging.StagingException;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobType;

/**
 * How a staging or copy job de-identifies: with the profile version recorded in its parameters (never the
 * study's newest one, so a retry or a restart gives the same output), the study's project key from
 * {@link ProjectKeys} and, per batch of retrieved files, the study's ROI vocabulary
 * ({@link org.rpb.pacs.vocabulary.ProjectRoiVocabulary}), as uploads do. The subject comes from the portal
 * at run time: a Study0 copy is the PID and must come from the patient's HIS patient ID; a project copy is
 * the profile's subject identifier and must come from a Study0 copy (Patient ID = PID). The de-identifiers keep no
 * manifest: a job records each instance's state and the copy's UIDs, never which attribute changed how, and the
 * keyed hash of every old value was a large part of the per-instance work (the output is the same either way).
 */
@ApplicationScoped
public class StagingDeidentifiers {

    @Inject
    private DeidentifierFactory factory;

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
        DeidentifierFactory.Version v;
        Deidentifier base;
        try {
            v = factory.version(p.studyCode(), p.profileVersion());
            base = factory.deidentifier(v, RoiVocabulary.NONE, 2, false);
        } catch (DeidentifierUnavailableException e) {
            throw new StagingException(e.getMessage(), e);
        }
        Function<List<Path>, Deidentifier> forInputs = inputs -> {
            RoiVocabulary vocabulary = vocabularies.forFiles(p.studyCode(), inputs);
            if (vocabulary == RoiVocabulary.NONE) {
                return base;
            }
            try {
                return factory.deidentifier(v, vocabulary, 2, false);
            } catch (DeidentifierUnavailableException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
        return new StagingRequestParts(base, forInputs, subject(p, v.settings()));
    }

    private SubjectContext subject(JobParameters p, ProfileSettings settings) throws StagingException {
        Subject s = portal.subject(p.studyCode(), p.siteCode(), p.pid()).orElseThrow(() -> new StagingException(
                "PID " + p.pid() + " is no longer a subject of " + p.studyCode() + " at " + p.siteCode()));
        boolean stage = p.type() == JobType.STAGE;
        // a Study0 copy must come from the patient's HIS patient ID (looked up now, so that the job repository never
        // holds it), a project copy from a Study0 copy (Patient ID = PID)
        String expected = stage ? s.hisPatientId() : s.pid();
        if (expected == null || expected.isBlank()) {
            throw new StagingException("PID " + p.pid() + " has no HIS patient ID in Study0");
        }
        String name = portal.configuration(p.studyCode()).map(StudyConfiguration::name).orElse(p.studyCode());
        SubjectContext.Builder b = DeidentifierFactory.subject(settings, p.studyCode(), name, p.siteCode(), s, stage)
                .expectedPatientId(expected);
        if (p.slotId() != null) {
            UploadSlot slot = portal.slot(p.studyCode(), p.siteCode(), p.slotId()).orElseThrow(
                    () -> new StagingException("upload slot " + p.slotId() + " is no longer in " + p.studyCode()));
            EventOccurrence event = portal.event(p.studyCode(), p.siteCode(), slot.eventId()).orElseThrow(
                    () -> new StagingException("the event of upload slot " + p.slotId() + " is gone"));
            DeidentifierFactory.atEvent(b, event, slot.name());
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
