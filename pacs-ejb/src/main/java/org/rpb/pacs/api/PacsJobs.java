package org.rpb.pacs.api;

import java.util.List;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;

/**
 * Status of upload, staging and copy jobs of the caller's active study and site. Upload jobs are the module's
 * own jobs ({@link #status}, {@link #instances}); staging into Study0 and copies into a project run as Jakarta
 * Batch executions and are read by their execution ID ({@link #stagingStatus}, {@link #stagingFailures}), since
 * the two kinds of ID may coincide.
 */
public interface PacsJobs {

    /**
     * The job's status. Needs {@code ROLE_PACS_USER}.
     *
     * @throws NotInScopeException if there is no such job in the active study and site
     */
    JobStatus status(long jobId) throws NoActiveScopeException, NotInScopeException;

    /** The job's per-instance progress (empty for a job elsewhere). Needs {@code ROLE_PACS_USER}. */
    List<InstanceProgress> instances(long jobId) throws NoActiveScopeException;

    /**
     * The status of a staging job (into Study0, type {@code STAGE}) or a project copy (type {@code COPY}) of the
     * active study by its batch execution ID, as the jobs page shows it: its ID is the execution ID, its counts
     * are the instances that reached each state. Needs {@code ROLE_PACS_USER}.
     *
     * @throws NotInScopeException if there is no such staging execution for the active study
     */
    JobStatus stagingStatus(long executionId) throws NoActiveScopeException, NotInScopeException;

    /**
     * The failed instances of a staging or copy job of the active study, with their reasons. Needs
     * {@code ROLE_PACS_USER}.
     *
     * @throws NotInScopeException if there is no such staging execution for the active study
     */
    List<InstanceProgress> stagingFailures(long executionId) throws NoActiveScopeException, NotInScopeException;
}
