package org.rpb.pacs.upload;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;

import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.StudyResult;
import org.rpb.pacs.download.ResearchArchiveLocator;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.profile.SubjectIdentifier;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.SlotOccupiedException;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.security.Roles;

/**
 * "Assign existing": links a study that is already in the research PACS under the slot's subject (its Patient ID
 * is the subject's identifier under the project's profile) to an upload slot, recording it first if the module
 * has no record of it yet. Only studies the research PACS lists for that subject can be linked.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class AssignExistingService {

    @EJB
    private UploadSlotsService slots;

    @EJB
    private ResearchArchiveLocator archives;

    @EJB
    private ProfileService profiles;

    @EJB
    private StudyRecordService records;

    /**
     * A study of the subject in the research PACS.
     *
     * @param studyInstanceUid its UID
     * @param studyDate        its StudyDate, or null
     * @param description      its StudyDescription, or null
     * @param modalities       its ModalitiesInStudy, or null
     * @param instances        its number of instances
     */
    public record Candidate(String studyInstanceUid, String studyDate, String description, String modalities,
            int instances) implements Serializable {
    }

    /**
     * @param slotId a slot of the active study and site
     * @return the studies of its subject in the research PACS
     * @throws SlotNotFoundException when the slot is not in the active study and site
     * @throws DicomNetworkException when the research PACS cannot be asked
     * @throws NoActiveScopeException when the caller has no study
     */
    public List<Candidate> candidates(long slotId)
            throws SlotNotFoundException, DicomNetworkException, NoActiveScopeException {
        UploadTarget t = slots.target(slotId);
        return archives.archive().studiesOfPatient(identity(t)).stream()
                .map(s -> new Candidate(s.studyInstanceUid(), s.studyDate(), s.studyDescription(),
                        s.modalitiesInStudy(), s.numberOfInstances()))
                .toList();
    }

    /**
     * Links a study of the subject in the research PACS to the slot.
     *
     * @param slotId           the slot
     * @param studyInstanceUid the study
     * @param replace          whether replacing the study the slot holds was confirmed
     * @return the record now in the slot
     * @throws UploadRefusedException when the research PACS holds no such study for the subject, or the slot holds
     *                                another study and replacing was not confirmed
     * @throws SlotNotFoundException  when the slot is not in the active study and site
     * @throws DicomNetworkException  when the research PACS cannot be asked
     * @throws NoActiveScopeException when the caller has no study
     */
    public StudyRecord assign(long slotId, String studyInstanceUid, boolean replace) throws UploadRefusedException,
            SlotNotFoundException, DicomNetworkException, NoActiveScopeException {
        UploadTarget t = slots.target(slotId);
        ResearchArchive archive = archives.archive();
        StudyResult study = archive.studiesOfPatient(identity(t)).stream()
                .filter(s -> s.studyInstanceUid().equals(studyInstanceUid)).findFirst()
                .orElseThrow(() -> new UploadRefusedException("the research PACS holds no study " + studyInstanceUid
                        + " of this subject"));
        String pid = t.subject().pid();
        try {
            StudyRecord record = records.studiesOfSubject(pid).stream()
                    .filter(r -> r.studyInstanceUid().equals(studyInstanceUid)).findFirst().orElse(null);
            if (record == null) {
                List<SeriesRecord> series = archive.seriesOfStudy(studyInstanceUid).stream()
                        .map(s -> new SeriesRecord(s.seriesInstanceUid(), null,
                                s.modality() == null ? "" : s.modality(), s.seriesDescription(), s.numberOfInstances()))
                        .toList();
                record = records.register(new NewStudyRecord(Stage.PROJECT_COPY, pid, studyInstanceUid, null, null,
                        study.studyDate(), study.studyDescription(), null, series));
            }
            return records.link(record.id(), slotId, replace);
        } catch (SlotOccupiedException e) {
            throw new UploadRefusedException("the slot already holds a study: confirm replacing it (the previous "
                    + "study stays in the slot's history)");
        } catch (NotInScopeException e) {
            throw new SlotNotFoundException("upload slot " + slotId);
        }
    }

    private String identity(UploadTarget t) throws NoActiveScopeException {
        ProfileSettings settings = profiles.current().map(ProfileVersion::settings).orElse(ProfileSettings.defaults());
        return settings.subjectIdentifier() == SubjectIdentifier.STUDY_SUBJECT_ID
                ? t.subject().studySubjectId() : t.subject().pid();
    }
}
