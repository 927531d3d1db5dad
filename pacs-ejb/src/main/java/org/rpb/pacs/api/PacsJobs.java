package org.rpb.pacs.api;

import java.util.List;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;

/** Status of upload, staging and copy jobs of the caller's active study and site. */
public interface PacsJobs {

    /**
     * The job's status. Needs {@code ROLE_PACS_USER}.
     *
     * @throws NotInScopeException if there is no such job in the active study and site
     */
    JobStatus status(long jobId) throws NoActiveScopeException, NotInScopeException;

    /** The job's per-instance progress (empty for a job elsewhere). Needs {@code ROLE_PACS_USER}. */
    List<InstanceProgress> instances(long jobId) throws NoActiveScopeException;
}
