package org.rpb.pacs.upload;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

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
 *
 * <p>A PID is the same in every project, and Study0 copies carry it as Patient ID too, so the research PACS
 * lists more under it than this project's studies. Offered and linkable are only studies that are this
 * project's by the module's own records: those it recorded in the active study and site, and those it has
 * no record of at all (put into the research PACS outside the module). A study the module recorded or copied
 * for another study or site (a Study0 copy, another project's upload or copy) is never offered, whatever UID
 * the caller passes.
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

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

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
                .filter(s -> ofThisProject(t, s.studyInstanceUid()))
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
                .filter(s -> s.studyInstanceUid().equals(studyInstanceUid))
                .filter(s -> ofThisProject(t, s.studyInstanceUid())).findFirst()
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

    /**
     * Whether the module's records leave the study to the slot's study and site: no study record of it in
     * another study or site, and no staging copy of it made for another target (Study0 or another project).
     */
    private boolean ofThisProject(UploadTarget t, String studyInstanceUid) {
        String study = t.scope().study().code();
        String site = t.scope().site().code();
        Number elsewhere = (Number) em.createNativeQuery("""
                select count(*) from pacs.dicom_study_record
                where study_instance_uid = ?1 and not (study_code = ?2 and site_code = ?3)""")
                .setParameter(1, studyInstanceUid).setParameter(2, study).setParameter(3, site).getSingleResult();
        if (elsewhere.longValue() > 0) {
            return false;
        }
        Number copied = (Number) em.createNativeQuery("""
                select count(*) from pacs.staging_copy where target_study_uid = ?1 and target <> ?2""")
                .setParameter(1, studyInstanceUid).setParameter(2, study).getSingleResult();
        return copied.longValue() == 0;
    }

    private String identity(UploadTarget t) throws NoActiveScopeException {
        ProfileSettings settings = profiles.current().map(ProfileVersion::settings).orElse(ProfileSettings.defaults());
        return settings.subjectIdentifier() == SubjectIdentifier.STUDY_SUBJECT_ID
                ? t.subject().studySubjectId() : t.subject().pid();
    }
}
