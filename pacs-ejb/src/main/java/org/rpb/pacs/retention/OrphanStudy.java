package org.rpb.pacs.retention;

import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * A study in the research PACS that holds instances a job of the module stored, and that no study record claims:
 * an upload that stored and then failed, a copy interrupted before it recorded. Listed with the job's project so
 * that its administrators can assign it (the upload page's "assign existing" offers it in that project) or have the
 * archive delete it; the module itself deletes nothing from the research PACS.
 *
 * @param id               the listing's ID
 * @param studyInstanceUid the study in the research PACS
 * @param studyCode        the project (portal study) of the job that stored it
 * @param siteCode         the job's site
 * @param pid              the job's subject (PID), or null
 * @param jobId            the job
 * @param jobType          the job's kind (UPLOAD, STAGE, COPY)
 * @param instances        how many of the job's instances the study held when it was found
 * @param foundAt          when the retention found it
 */
public record OrphanStudy(long id, String studyInstanceUid, String studyCode, String siteCode, String pid, long jobId,
        String jobType, int instances, LocalDateTime foundAt) implements Serializable {
    private static final long serialVersionUID = 1L;
}
