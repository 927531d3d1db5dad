package org.rpb.pacs.api.internal;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;

import org.rpb.pacs.api.PacsJobsLocal;
import org.rpb.pacs.api.PacsJobsRemote;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.staging.job.StagingJobStatus;
import org.rpb.pacs.staging.job.StagingRefusedException;

/**
 * {@link org.rpb.pacs.api.PacsJobs} on {@link JobService} for upload jobs, and on the read-only status methods
 * of {@link StagingJobService} for staging and copy executions (which check that they belong to the active
 * study).
 */
@Stateless(name = "PacsJobs")
public class PacsJobsBean implements PacsJobsLocal, PacsJobsRemote {

    @EJB
    private JobService jobs;

    @EJB
    private StagingJobService staging;

    @EJB
    private ActiveScopeService scopes;

    @Override
    @RolesAllowed(Roles.PACS_USER)
    public JobStatus status(long jobId) throws NoActiveScopeException, NotInScopeException {
        return jobs.job(jobId).orElseThrow(() -> new NotInScopeException("Job"));
    }

    @Override
    @RolesAllowed(Roles.PACS_USER)
    public List<InstanceProgress> instances(long jobId) throws NoActiveScopeException {
        return jobs.instances(jobId);
    }

    @Override
    @RolesAllowed(Roles.PACS_USER)
    public JobStatus stagingStatus(long executionId) throws NoActiveScopeException, NotInScopeException {
        ActiveScope scope = scopes.dicomScope();
        return StagingJobView.status(staged(executionId), scope);
    }

    @Override
    @RolesAllowed(Roles.PACS_USER)
    public List<InstanceProgress> stagingFailures(long executionId) throws NoActiveScopeException, NotInScopeException {
        scopes.dicomScope();
        return StagingJobView.failures(staged(executionId));
    }

    private StagingJobStatus staged(long executionId) throws NotInScopeException {
        try {
            return staging.status(executionId);
        } catch (StagingRefusedException e) {
            // another study's execution, another kind of job, or none: all look the same to the caller
            throw new NotInScopeException("Staging job");
        }
    }
}
