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
import org.rpb.pacs.node.ArchiveUnavailableException;
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
 * lists more under it than this project's studies, and the module itself leaves studies behind that it never
 * recorded (an upload that stored and then failed). Offered and linkable are only studies the module can prove to be
 * this project's (the active study's, at the active site): those it recorded here, those its staging copied into
 * this project at this site, and those that hold an instance an upload job of this study and site stored (a job
 * that failed before recording). A study recorded or copied for another study or site, and a study of which the
 * module knows nothing (another project's leftover looks just the same), is never offered, whatever UID the caller
 * passes.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class AssignExistingService {

    private static final String RESEARCH_PACS = "the research PACS";

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
     * @throws ArchiveUnavailableException when the research PACS cannot be asked
     * @throws NoActiveScopeException when the caller has no study
     */
    public List<Candidate> candidates(long slotId)
            throws SlotNotFoundException, ArchiveUnavailableException, NoActiveScopeException {
        UploadTarget t = slots.target(slotId);
        ResearchArchive archive = archives.archive();
        List<String> stored = storedByUploadsHere(t);
        try {
            return archive.studiesOfPatient(identity(t)).stream()
                    .filter(s -> ofThisProject(t, s.studyInstanceUid(), archive, stored))
                    .map(s -> new Candidate(s.studyInstanceUid(), s.studyDate(), s.studyDescription(),
                            s.modalitiesInStudy(), s.numberOfInstances()))
                    .toList();
        } catch (DicomNetworkException e) {
            throw new ArchiveUnavailableException(RESEARCH_PACS, e);
        }
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
     * @throws ArchiveUnavailableException when the research PACS cannot be asked
     * @throws NoActiveScopeException when the caller has no study
     */
    public StudyRecord assign(long slotId, String studyInstanceUid, boolean replace) throws UploadRefusedException,
            SlotNotFoundException, ArchiveUnavailableException, NoActiveScopeException {
        try {
            return link(slotId, studyInstanceUid, replace);
        } catch (DicomNetworkException e) {
            throw new ArchiveUnavailableException(RESEARCH_PACS, e);
        }
    }

    private StudyRecord link(long slotId, String studyInstanceUid, boolean replace) throws UploadRefusedException,
            SlotNotFoundException, DicomNetworkException, NoActiveScopeException {
        UploadTarget t = slots.target(slotId);
        ResearchArchive archive = archives.archive();
        List<String> stored = storedByUploadsHere(t);
        StudyResult study = archive.studiesOfPatient(identity(t)).stream()
                .filter(s -> s.studyInstanceUid().equals(studyInstanceUid))
                .filter(s -> ofThisProject(t, s.studyInstanceUid(), archive, stored)).findFirst()
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
     * Whether the module can prove the study to be the slot's study and site's: not recorded or copied for another
     * study or site, and recorded here, copied here by staging, or holding an instance an upload job here stored.
     */
    private boolean ofThisProject(UploadTarget t, String studyInstanceUid, ResearchArchive archive,
            List<String> storedByUploadsHere) {
        String study = t.scope().study().code();
        String site = t.scope().site().code();
        if (count("""
                select count(*) from pacs.dicom_study_record
                where study_instance_uid = ?1 and not (study_code = ?2 and site_code = ?3)""",
                studyInstanceUid, study, site) > 0
                || count("""
                select count(*) from pacs.staging_copy where target_study_uid = ?1
                and not (target = ?2 and coalesce(site_code, ?3) = ?3)""", studyInstanceUid, study, site) > 0) {
            return false;
        }
        if (count("""
                select count(*) from pacs.dicom_study_record
                where study_instance_uid = ?1 and study_code = ?2 and site_code = ?3""",
                studyInstanceUid, study, site) > 0
                || count("""
                select count(*) from pacs.staging_copy where target_study_uid = ?1 and target = ?2 and site_code = ?3""",
                studyInstanceUid, study, site) > 0) {
            return true;
        }
        if (storedByUploadsHere.isEmpty()) {
            return false;
        }
        try {
            return archive.missing(studyInstanceUid, storedByUploadsHere).size() < storedByUploadsHere.size();
        } catch (DicomNetworkException e) {
            return false;
        }
    }

    /**
     * One instance each of the upload jobs of the slot's study and site that stored something and did not complete
     * (so never recorded their study): the module's proof that a study holding it came from this project.
     */
    private List<String> storedByUploadsHere(UploadTarget t) {
        @SuppressWarnings("unchecked")
        List<Object> uids = em.createNativeQuery("""
                select min(i.target_sop_uid) from pacs.pacs_job_instance i join pacs.pacs_job j on j.id = i.job_id
                where j.job_type = 'UPLOAD' and j.state <> 'COMPLETED' and j.study_code = ?1 and j.site_code = ?2
                and i.target_sop_uid is not null group by j.id""")
                .setParameter(1, t.scope().study().code()).setParameter(2, t.scope().site().code()).getResultList();
        return uids.stream().map(String::valueOf).toList();
    }

    private long count(String sql, String... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return ((Number) q.getSingleResult()).longValue();
    }

    private String identity(UploadTarget t) throws NoActiveScopeException {
        ProfileSettings settings = profiles.current().map(ProfileVersion::settings).orElse(ProfileSettings.defaults());
        return settings.subjectIdentifier() == SubjectIdentifier.STUDY_SUBJECT_ID
                ? t.subject().studySubjectId() : t.subject().pid();
    }
}
