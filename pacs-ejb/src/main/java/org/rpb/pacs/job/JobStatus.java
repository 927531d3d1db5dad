package org.rpb.pacs.job;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A job's status: an upload, a staging into Study0 or a project copy, all the same way.
 *
 * @param id             the job's ID (the one ID of a job: pages, the API and retries use it)
 * @param type           upload, stage or copy
 * @param state          where it is
 * @param studyCode      the study it runs in (whatever the user's active study is now)
 * @param siteCode       the site it runs in
 * @param createdBy      who started it
 * @param createdAt      when
 * @param finishedAt     when it ended last, or {@code null}
 * @param profileVersion the profile version it uses (0 for the defaults), or {@code null}
 * @param pid            its subject's PID, or {@code null}
 * @param slotId         the upload slot it fills, or {@code null}
 * @param outcome        how it ended or why it stopped ({@code VERIFIED}, {@code INCOMPLETE <n> FAILED},
 *                       {@code FAILED: <reason>}, {@code CANCELLED}, {@code INTERRUPTED}), or {@code null} while it
 *                       runs for the first time
 * @param total          instances of the job
 * @param retrieved      instances retrieved (or received) at least
 * @param deidentified   instances de-identified at least
 * @param stored         instances stored in the research PACS at least
 * @param verified       instances found there on verification
 * @param failed         instances that failed
 */
public record JobStatus(long id, JobType type, JobState state, String studyCode, String siteCode, String createdBy,
        LocalDateTime createdAt, LocalDateTime finishedAt, Integer profileVersion, String pid, Long slotId,
        String outcome, int total, int retrieved, int deidentified, int stored, int verified, int failed)
        implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Checks type and state. */
    public JobStatus {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
    }

    /** @return whether no execution of it runs now */
    public boolean finished() {
        return state.ended();
    }

    /**
     * @param s a state
     * @return how many instances reached it (see {@link InstanceState#reachedBy})
     */
    public int reached(InstanceState s) {
        return switch (s) {
            case PENDING -> total;
            case RETRIEVED -> retrieved;
            case DEIDENTIFIED -> deidentified;
            case STORED -> stored;
            case VERIFIED -> verified;
            case FAILED -> failed;
        };
    }

    /**
     * @param s a state
     * @return percent of the job's instances that reached it
     */
    public int percent(InstanceState s) {
        return total == 0 ? 0 : reached(s) * 100 / total;
    }

    /** @return whether a user may retry it: it ended without completing */
    public boolean retryable() {
        return state.ended() && state != JobState.COMPLETED;
    }
}
