package org.rpb.pacs.staging.job;

import java.util.List;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.node.ConfiguredNodes;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.DicomNotEnabledException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobRefusedException;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobType;

/**
 * Starts and follows staging jobs (clinical PACS to a Study0 copy) and project-copy jobs (Study0 copy
 * to a project copy) in the caller's active study and site: staging needs Study0 active, a copy needs the
 * target project active. Every job is a job of the one engine ({@link JobService}, batch job {@code pacs-staging}) kept in the
 * JDBC job repository, so it survives a restart; retrying a job copies only what is not verified yet. A job
 * de-identifies with the study's profile version current when it was started (a retry keeps it) and its
 * project key; once every instance is verified it records the copy as a study record of its study and site.
 * Jobs of another study or site are neither listed nor shown, cancelled or retried. A job runs as the user who
 * started it, or who retried it last (its parameters name that user, see {@link JobParameters#user()}), so
 * every role and scope check in the job is that user's, also when it is resumed after a server stop.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class StagingJobService {

    @Resource
    private SessionContext session;

    @EJB
    private ActiveScopeService scope;

    @EJB
    private StagingProgressStore progress;

    @EJB
    private SubjectService subjects;

    @Inject
    private ConfiguredNodes nodes;

    @EJB
    private StagingProfiles profiles;

    @EJB
    private JobService jobs;

    /**
     * Stages a clinical study (or some of its series) into Study0.
     *
     * @param studyInstanceUid the clinical study
     * @param seriesInstanceUids chosen series, empty for all
     * @param pid the Study0 patient's PID at the active site (Patient ID and Name of the copy); the clinical
     *        data must carry the patient's HIS patient ID, which the job looks up in Study0 when it runs
     * @return the job's ID
     * @throws StagingRefusedException if the active study is not Study0 or the PID is not a Study0 patient there
     */
    public long stageIntoStudy0(String studyInstanceUid, List<String> seriesInstanceUids, String pid)
            throws StagingRefusedException {
        ActiveScope s = active();
        if (!s.study().study0()) {
            throw new StagingRefusedException("staging needs Study0 as the active study, not " + s.study().code());
        }
        subject(pid).his().orElseThrow(
                () -> new StagingRefusedException("PID " + pid + " has no HIS patient ID in Study0"));
        return start(JobType.STAGE, s, pid, null, studyInstanceUid, seriesInstanceUids, nodes.clinical(),
                JobParameters.Method.MOVE, nodes.research());
    }

    /**
     * Copies a Study0 copy (or some of its series) into the active project, as the project's subject, and
     * optionally fills one of the subject's upload slots with it once it is verified.
     *
     * @param study0StudyInstanceUid the Study0 copy's Study Instance UID in the research PACS
     * @param seriesInstanceUids chosen series of it, empty for all
     * @param pid the patient's PID (the Patient ID of the Study0 copy); the patient must be enrolled in the
     *        active project at the active site; the project profile's subject identifier becomes the copy's
     *        Patient ID and Name
     * @param slotId an empty upload slot of that subject in the active project and site, or {@code null} for none
     * @return the job's ID
     * @throws StagingRefusedException if the active study is Study0, does not collect DICOM data, the patient
     *         is not enrolled in it, or the slot is not an empty slot of that subject in the active study and site
     */
    public long copyToProject(String study0StudyInstanceUid, List<String> seriesInstanceUids, String pid, Long slotId)
            throws StagingRefusedException {
        ActiveScope s = active();
        if (s.study().study0()) {
            throw new StagingRefusedException("a project copy needs the target project as the active study");
        }
        if (!s.study().dicomEnabled()) {
            throw new StagingRefusedException("study " + s.study().code() + " does not collect DICOM data");
        }
        subject(pid);
        if (slotId != null) {
            checkSlot(slotId, pid);
        }
        PacsNode research = nodes.research();
        return start(JobType.COPY, s, pid, slotId, study0StudyInstanceUid, seriesInstanceUids, research,
                JobParameters.Method.GET, research);
    }

    /** Records the job (its one ID), then starts its batch execution with its typed parameters. */
    private long start(JobType type, ActiveScope s, String pid, Long slotId, String study, List<String> series,
            PacsNode source, JobParameters.Method method, PacsNode archive) throws StagingRefusedException {
        int version = profiles.currentVersion();
        long id;
        try {
            id = jobs.create(type, pid, slotId, version, study);
        } catch (JobRefusedException e) {
            throw new StagingRefusedException(e.getMessage());
        }
        JobParameters p = new JobParameters(type, id, s.study().code(), s.site().code(), caller(), pid, slotId,
                version, study, series, source, method, archive, false);
        jobs.start(p);
        return id;
    }

    private void checkSlot(long slotId, String pid) throws StagingRefusedException {
        try {
            UploadSlot slot = subjects.slot(slotId).orElseThrow(() -> new StagingRefusedException(
                    "upload slot " + slotId + " is not in the active study and site"));
            EventOccurrence event = subjects.event(slot.eventId()).orElseThrow(() -> new StagingRefusedException(
                    "upload slot " + slotId + " is not in the active study and site"));
            if (!event.pid().equals(pid)) {
                throw new StagingRefusedException("upload slot " + slotId + " belongs to another subject");
            }
            if (slot.filledWith().isPresent()) {
                // a copy never replaces silently: replacing is a decision of the slot's page
                throw new StagingRefusedException("upload slot " + slotId + " already holds a study");
            }
        } catch (NoActiveScopeException e) {
            throw new StagingRefusedException("the caller has no active study");
        }
    }

    private Subject subject(String pid) throws StagingRefusedException {
        try {
            return subjects.subject(pid).orElseThrow(() -> new StagingRefusedException(
                    "PID " + pid + " is not a subject of the active study and site"));
        } catch (NoActiveScopeException e) {
            throw new StagingRefusedException("the caller has no active study");
        }
    }

    /**
     * The module's records of copies made from the given source studies (for the lookup results).
     *
     * @param sourceStudyUids clinical Study Instance UIDs, or Study0 copies' UIDs
     * @return the series copies the active study and site may see (see {@link StagingProgressStore#copiesOf})
     */
    @RolesAllowed({Roles.PACS_LOOKUP, Roles.PACS_UPLOAD})
    public List<SeriesCopy> copiesOf(java.util.Collection<String> sourceStudyUids) {
        return progress.copiesOf(sourceStudyUids);
    }

    private ActiveScope active() throws StagingRefusedException {
        try {
            return scope.dicomScope();
        } catch (NoActiveScopeException e) {
            throw new StagingRefusedException("the caller has no active study");
        } catch (DicomNotEnabledException e) {
            throw new StagingRefusedException(e.getMessage());
        }
    }

    private String caller() {
        return session.getCallerPrincipal().getName();
    }
}
