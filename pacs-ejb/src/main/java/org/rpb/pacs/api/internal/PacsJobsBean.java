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
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.security.Roles;

/** {@link org.rpb.pacs.api.PacsJobs} on {@link JobService}. */
@Stateless(name = "PacsJobs")
public class PacsJobsBean implements PacsJobsLocal, PacsJobsRemote {

    @EJB
    private JobService jobs;

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
}
