package org.rpb.pacs.api;

import java.util.List;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;

/**
 * Status of the jobs of the caller's active study and site: uploads, staging into Study0 and copies into a
 * project, all the same way and by one kind of ID (the job's ID, as the jobs page shows it).
 */
public interface PacsJobs {

    /**
     * The job's status. Needs {@code ROLE_PACS_USER}.
     *
     * @throws NotInScopeException if there is no such job in the active study and site
     * @throws NoActiveScopeException if the caller has no active study
     */
    JobStatus status(long jobId) throws NoActiveScopeException, NotInScopeException;

    /**
     * The jobs of the active study and site, newest first. Needs {@code ROLE_PACS_USER}.
     *
     * @param max how many at most
     * @throws NoActiveScopeException if the caller has no active study
     */
    List<JobStatus> jobs(int max) throws NoActiveScopeException;

    /**
     * The job's per-instance progress, by series. The source UIDs of a staging job are clinical UIDs: callers
     * without {@code ROLE_PACS_LOOKUP} or {@code ROLE_PACS_UPLOAD} get them blank. Needs {@code ROLE_PACS_USER}.
     *
     * @throws NotInScopeException if there is no such job in the active study and site
     * @throws NoActiveScopeException if the caller has no active study
     */
    List<InstanceProgress> instances(long jobId) throws NoActiveScopeException, NotInScopeException;

    /**
     * The job's failed instances with their reasons (as {@link #instances}). Needs {@code ROLE_PACS_USER}.
     *
     * @throws NotInScopeException if there is no such job in the active study and site
     * @throws NoActiveScopeException if the caller has no active study
     */
    List<InstanceProgress> failures(long jobId) throws NoActiveScopeException, NotInScopeException;
}
