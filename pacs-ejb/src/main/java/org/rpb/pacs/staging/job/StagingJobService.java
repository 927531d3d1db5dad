package org.rpb.pacs.staging.job;

import java.util.List;
import java.util.Properties;

import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.security.Roles;

/**
 * Starts and follows staging jobs (clinical PACS to a Study0 copy) and project-copy jobs (Study0 copy
 * to a project copy) in the caller's active study: staging needs Study0 active, a copy needs the target
 * project active. Every job is a Jakarta Batch job ({@value StagingJobParameters#JOB_NAME}) kept in the
 * JDBC job repository, so it survives a restart; retrying a job copies only what is not verified yet.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class StagingJobService {

    @EJB
    private ActiveScopeService scope;

    @EJB
    private StagingProgressStore progress;

    @EJB
    private SubjectService subjects;

    @Inject
    private StagingNodes nodes;

    @EJB
    private StagingRecovery recovery;

    /**
     * Stages a clinical study (or some of its series) into Study0.
     *
     * @param studyInstanceUid the clinical study
     * @param seriesInstanceUids chosen series, empty for all
     * @param pid the Study0 patient's PID at the active site (Patient ID and Name of the copy); the clinical
     *        data must carry the patient's HIS patient ID
     * @return the job execution id
     * @throws StagingRefusedException if the active study is not Study0 or the PID is not a Study0 patient there
     */
    public long stageIntoStudy0(String studyInstanceUid, List<String> seriesInstanceUids, String pid)
            throws StagingRefusedException {
        ActiveScope s = active();
        if (!s.study().study0()) {
            throw new StagingRefusedException("staging needs Study0 as the active study, not " + s.study().code());
        }
        String his = subject(pid).his().orElseThrow(
                () -> new StagingRefusedException("PID " + pid + " has no HIS patient ID in Study0"));
        StagingJobParameters p = new StagingJobParameters(nodes.clinical(), "MOVE", nodes.research(),
                nodes.callingAeTitle(), studyInstanceUid, seriesInstanceUids, StagingJobParameters.STUDY0, pid, his);
        return operator().start(StagingJobParameters.JOB_NAME, p.toProperties());
    }

    /**
     * Copies a Study0 copy (or some of its series) into the active project, as the project's subject.
     *
     * @param study0StudyInstanceUid the Study0 copy's Study Instance UID in the research PACS
     * @param seriesInstanceUids chosen series of it, empty for all
     * @param pid the patient's PID (the Patient ID of the Study0 copy); the patient must be enrolled in the
     *        active project at the active site, whose subject identifier becomes the copy's Patient ID and Name
     * @return the job execution id
     * @throws StagingRefusedException if the active study is Study0, does not collect DICOM data, or the patient
     *         is not enrolled in it
     */
    public long copyToProject(String study0StudyInstanceUid, List<String> seriesInstanceUids, String pid)
            throws StagingRefusedException {
        ActiveScope s = active();
        if (s.study().study0()) {
            throw new StagingRefusedException("a project copy needs the target project as the active study");
        }
        if (!s.study().dicomEnabled()) {
            throw new StagingRefusedException("study " + s.study().code() + " does not collect DICOM data");
        }
        String subjectId = subject(pid).studySubjectId();
        StagingJobParameters p = new StagingJobParameters(nodes.research(), "GET", nodes.research(),
                nodes.callingAeTitle(), study0StudyInstanceUid, seriesInstanceUids, s.study().code(), subjectId, pid);
        return operator().start(StagingJobParameters.JOB_NAME, p.toProperties());
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
     * @throws StagingRefusedException if it belongs to another study
     */
    @RolesAllowed({Roles.PACS_UPLOAD, Roles.PACS_USER})
    public StagingJobStatus status(long executionId) throws StagingRefusedException {
        JobOperator op = operator();
        StagingJobParameters p = own(op, executionId);
        JobExecution e = op.getJobExecution(executionId);
        long instance = op.getJobInstance(executionId).getInstanceId();
        List<org.rpb.pacs.staging.InstanceProgress> failures = progress.instances(instance).stream()
                .filter(i -> i.state() == org.rpb.pacs.staging.InstanceState.FAILED).toList();
        return new StagingJobStatus(executionId, instance, e.getBatchStatus().name(),
                e.getExitStatus() == null ? e.getBatchStatus().name() : e.getExitStatus(), p.target(),
                p.studyInstanceUid(), progress.counts(instance), failures);
    }

    /**
     * The staging jobs of the caller's active study (Study0, or the project), newest first.
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
        String target = s.study().study0() ? StagingJobParameters.STUDY0 : s.study().code();
        // the repository lists instances newest first; each instance's last execution is its state
        for (jakarta.batch.runtime.JobInstance ji : op.getJobInstances(StagingJobParameters.JOB_NAME, 0, 500)) {
            List<JobExecution> execs = op.getJobExecutions(ji);
            if (execs.isEmpty()) {
                continue;
            }
            JobExecution last = execs.stream().max(java.util.Comparator.comparingLong(JobExecution::getExecutionId)).get();
            StagingJobParameters p = StagingJobParameters.of(op.getParameters(last.getExecutionId()));
            if (target.equals(p.target())) {
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
     * @return the series copies
     */
    @RolesAllowed({Roles.PACS_LOOKUP, Roles.PACS_UPLOAD})
    public List<SeriesCopy> copiesOf(java.util.Collection<String> sourceStudyUids) {
        return progress.copiesOf(sourceStudyUids);
    }

    /**
     * Stops a running job after the series in progress.
     *
     * @param executionId the execution
     * @throws StagingRefusedException if it belongs to another study
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
     * running ({@link StagingRecovery#interrupted(long)}) restarts from its checkpoint too.
     *
     * @param executionId the execution
     * @return the new execution id
     * @throws StagingRefusedException if it belongs to another study or is still running
     */
    public long retry(long executionId) throws StagingRefusedException {
        JobOperator op = operator();
        StagingJobParameters p = own(op, executionId);
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
        StagingJobParameters p = StagingJobParameters.of(props);
        ActiveScope s = active();
        String expected = s.study().study0() ? StagingJobParameters.STUDY0 : s.study().code();
        if (!expected.equals(p.target())) {
            throw new StagingRefusedException("job execution " + executionId + " belongs to another study");
        }
        return p;
    }

    private ActiveScope active() throws StagingRefusedException {
        try {
            return scope.current();
        } catch (NoActiveScopeException e) {
            throw new StagingRefusedException("the caller has no active study");
        }
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
