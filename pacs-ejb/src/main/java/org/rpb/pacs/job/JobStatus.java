package org.rpb.pacs.job;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A job's status.
 *
 * @param id             the job's ID
 * @param type           upload, stage or copy
 * @param state          where it is
 * @param studyCode      the study it runs in
 * @param siteCode       the site it runs in
 * @param createdBy      who started it
 * @param createdAt      when
 * @param finishedAt     when it ended, or {@code null}
 * @param profileVersion the profile version it uses, or {@code null}
 * @param retrieved      instances retrieved (or received)
 * @param deidentified   instances de-identified
 * @param stored         instances stored in the research PACS
 * @param verified       instances found there on verification
 * @param failed         instances that failed
 */
public record JobStatus(long id, JobType type, JobState state, String studyCode, String siteCode, String createdBy,
        LocalDateTime createdAt, LocalDateTime finishedAt, Integer profileVersion, int retrieved, int deidentified,
        int stored, int verified, int failed) implements Serializable {

    public JobStatus {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
    }
}
