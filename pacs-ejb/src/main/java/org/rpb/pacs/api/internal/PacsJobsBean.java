package org.rpb.pacs.api.internal;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;

import org.rpb.pacs.api.PacsJobsLocal;
import org.rpb.pacs.api.PacsJobsRemote;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.JobRefusedException;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.security.Roles;

/** {@link org.rpb.pacs.api.PacsJobs} on the job engine's {@link JobService}, in the caller's active study and site. */
@Stateless(name = "PacsJobs")
@RolesAllowed(Roles.PACS_USER)
public class PacsJobsBean implements PacsJobsLocal, PacsJobsRemote {

    @EJB
    private JobService jobs;

    @EJB
    private ActiveScopeService scopes;

    @Override
    public JobStatus status(long jobId) throws NoActiveScopeException, NotInScopeException {
        scopes.dicomScope();
        try {
            return jobs.status(jobId);
        } catch (JobRefusedException e) {
            throw new NotInScopeException("Job");
        }
    }

    @Override
    public List<JobStatus> jobs(int max) throws NoActiveScopeException {
        scopes.dicomScope();
        try {
            return jobs.jobs(max);
        } catch (JobRefusedException e) {
            throw new NoActiveScopeException();
        }
    }

    @Override
    public List<InstanceProgress> instances(long jobId) throws NoActiveScopeException, NotInScopeException {
        return read(jobId, false);
    }

    @Override
    public List<InstanceProgress> failures(long jobId) throws NoActiveScopeException, NotInScopeException {
        return read(jobId, true);
    }

    private List<InstanceProgress> read(long jobId, boolean onlyFailed)
            throws NoActiveScopeException, NotInScopeException {
        scopes.dicomScope();
        try {
            return jobs.instances(jobId, onlyFailed);
        } catch (JobRefusedException e) {
            throw new NotInScopeException("Job");
        }
    }
}
