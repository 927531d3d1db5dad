package org.rpb.pacs.job;

import java.io.Serializable;
import java.util.Objects;

/**
 * One instance of a job.
 *
 * @param sourceSopUid the SOP Instance UID it was made from
 * @param targetSopUid the SOP Instance UID it got, or {@code null} before de-identification
 * @param state        where it is
 * @param errorText    why it failed (no patient data), or {@code null}
 */
public record InstanceProgress(String sourceSopUid, String targetSopUid, InstanceState state, String errorText)
        implements Serializable {

    public InstanceProgress {
        Objects.requireNonNull(sourceSopUid, "sourceSopUid");
        Objects.requireNonNull(state, "state");
    }
}
