package org.rpb.pacs.staging.job;

import java.util.List;
import java.util.Properties;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.node.NodeRole;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.DicomNotEnabledException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.security.Roles;

/**
 * Starts and follows staging jobs (clinical PACS to a Study0 copy) and project-copy jobs (Study0 copy
 * to a project copy) in the caller's active study and site: staging needs Study0 active, a copy needs the
 * target project active. Every job is a Jakarta Batch job ({@value StagingJobParameters#JOB_NAME}) kept in the
 * JDBC job repository, so it survives a restart; retrying a job copies only what is not verified yet. A job
 * de-identifies with the study's profile version current when it was started (a retry keeps it) and its
 * project key; once every instance is verified it records the copy as a study record of its study and site.
 * Jobs of another study or site are neither listed nor shown, cancelled or retried. A job runs as the user who
 * started it, or who retried it last (its parameters name that user, see {@link StagingJobParameters#user()}), so
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
    private StagingNodes nodes;

    @EJB
    private StagingProfiles profiles;

    @EJB
    private StagingRecovery recovery;

    /**
     * Stages a clinical study (or some of its series) into Study0.
     *
     * @param studyInstanceUid the clinical study
     * @param seriesInstanceUids chosen series, empty for all
     * @param pid the Study0 patient's PID at the active site (Patient ID and Name of the copy); the clinical
     *        data must carry the patient's HIS patient ID, which the job looks up in Study0 when it runs
     * @return the job execution id
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
        StagingJobParameters p = new StagingJobParameters(StagingJobParameters.Kind.STAGE, nodes.clinical(), "MOVE",
                nodes.research(), nodes.callingAeTitle(NodeRole.CLINICAL), studyInstanceUid, seriesInstanceUids,
                s.study().code(), s.site().code(), pid, profiles.currentVersion(), null, caller());
        return operator().start(StagingJobParameters.JOB_NAME, p.toProperties());
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
     * @return the job execution id
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
        StagingJobParameters p = new StagingJobParameters(StagingJobParameters.Kind.COPY, nodes.research(), "GET",
                nodes.research(), nodes.callingAeTitle(NodeRole.RESEARCH), study0StudyInstanceUid, seriesInstanceUids,
                s.study().code(), s.site().code(), pid, profiles.currentVersion(), slotId, caller());
        return operator().start(StagingJobParameters.JOB_NAME, p.toProperties());
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
     * @param executionId a job execution of the caller's active study
     * @return its state and per-instance progress
     * @throws StagingRefusedException if it belongs to another study or site
     */
    @RolesAllowed({Roles.PACS_UPLOAD, Roles.PACS_USER})
    public StagingJobStatus status(long executionId) throws StagingRefusedException {
        JobOperator op = operator();
        StagingJobParameters p = own(op, executionId);
        JobExecution e = op.getJobExecution(executionId);
        long instance = op.getJobInstance(executionId).getInstanceId();
        try {
            List<org.rpb.pacs.staging.InstanceProgress> failures = progress.instances(instance).stream()
                    .filter(i -> i.state() == org.rpb.pacs.staging.InstanceState.FAILED).toList();
            return new StagingJobStatus(executionId, instance, e.getBatchStatus().name(),
                    e.getExitStatus() == null ? e.getBatchStatus().name() : e.getExitStatus(), p.target(),
                    p.studyInstanceUid(), progress.counts(instance), failures);
        } catch (NoActiveScopeException noScope) {
            throw new StagingRefusedException("the caller has no active study");
        }
    }

    /**
     * The staging jobs of the caller's active study (Study0, or the project) and site, newest first.
     *
     * @param max at most this many
     * @return their latest executions
     * @throws StagingRefusedException if the caller has no active study
     */
    @RolesAllowed({Roles.PACS_UPLOAD, Roles.PACS_USER})
    public List<StagingJobStatus> jobs(int max) throws StagingRefusedException {
        JobOperator op = operator();
        List<StagingJobStatus> out = new java.util.ArrayList<>();
        if (!op.getJobNames().contains(StagingJobParameters.JOB_NAME)) {
            return out;
        }
        ActiveScope s = active();
        // the repository lists instances newest first; each instance's last execution is its state
        for (jakarta.batch.runtime.JobInstance ji : op.getJobInstances(StagingJobParameters.JOB_NAME, 0, 500)) {
            List<JobExecution> execs = op.getJobExecutions(ji);
            if (execs.isEmpty()) {
                continue;
            }
            JobExecution last = execs.stream().max(java.util.Comparator.comparingLong(JobExecution::getExecutionId)).get();
            StagingJobParameters p;
            try {
                p = StagingJobParameters.of(op.getParameters(last.getExecutionId()));
            } catch (IllegalArgumentException olderModuleVersion) {
                // a job without study and site cannot be shown to anyone
                continue;
            }
            if (s.is(p.studyCode(), p.siteCode())) {
                out.add(status(last.getExecutionId()));
                if (out.size() >= max) {
                    break;
                }
            }
        }
        return out;
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

    /**
     * Stops a running job after the series in progress.
     *
     * @param executionId the execution
     * @throws StagingRefusedException if it belongs to another study or site
     */
    public void cancel(long executionId) throws StagingRefusedException {
        JobOperator op = operator();
        own(op, executionId);
        BatchStatus st = op.getJobExecution(executionId).getBatchStatus();
        if (st == BatchStatus.STARTING || st == BatchStatus.STARTED) {
            recovery.cancelling(executionId);
            op.stop(executionId);
        }
    }

    /**
     * Retries a finished job: a stopped or failed execution restarts from its checkpoint; a completed one
     * with failed instances runs again (what is verified is skipped); one that an earlier server process left
     * running ({@link StagingRecovery#interrupted(long)}) restarts from its checkpoint too. Every way with the
     * job's parameters, so with the profile version it was started with, whatever the study's current version is;
     * the caller becomes the job's user, so the job now runs as the caller.
     *
     * @param executionId the execution
     * @return the new execution id
     * @throws StagingRefusedException if it belongs to another study or site, or is still running
     */
    public long retry(long executionId) throws StagingRefusedException {
        JobOperator op = operator();
        StagingJobParameters p = own(op, executionId).withUser(caller());
        BatchStatus st = op.getJobExecution(executionId).getBatchStatus();
        if (st == BatchStatus.STOPPED || st == BatchStatus.FAILED) {
            return op.restart(executionId, p.toProperties());
        }
        if (st == BatchStatus.COMPLETED || st == BatchStatus.ABANDONED) {
            return op.start(StagingJobParameters.JOB_NAME, p.toProperties());
        }
        if (recovery.interrupted(executionId)) {
            return recovery.resume(executionId);
        }
        throw new StagingRefusedException("job execution " + executionId + " is still running");
    }

    private StagingJobParameters own(JobOperator op, long executionId) throws StagingRefusedException {
        Properties props;
        try {
            if (!StagingJobParameters.JOB_NAME.equals(op.getJobExecution(executionId).getJobName())) {
                throw new StagingRefusedException("job execution " + executionId + " is not a staging job");
            }
            props = op.getParameters(executionId);
        } catch (jakarta.batch.operations.NoSuchJobExecutionException e) {
            throw new StagingRefusedException("no job execution " + executionId);
        }
        StagingJobParameters p;
        try {
            p = StagingJobParameters.of(props);
        } catch (IllegalArgumentException e) {
            throw new StagingRefusedException("job execution " + executionId + " belongs to no study and site");
        }
        if (!active().is(p.studyCode(), p.siteCode())) {
            throw new StagingRefusedException("job execution " + executionId + " belongs to another study or site");
        }
        return p;
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

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
