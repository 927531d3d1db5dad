package org.rpb.pacs.staging;

import java.util.Objects;

/**
 * One step of one instance, as reported to a {@link StagingListener}.
 *
 * @param sourceSopInstanceUid the instance's SOP Instance UID in the source PACS
 * @param sourceSeriesInstanceUid its series in the source PACS
 * @param targetSopInstanceUid the SOP Instance UID it has (or will have) in the research PACS
 * @param state what just happened
 * @param reason for {@link InstanceState#FAILED}, why (node, operation, status or de-identification
 *        refusal; never patient data); for a skipped instance "already verified"; otherwise ""
 */
public record InstanceProgress(String sourceSopInstanceUid, String sourceSeriesInstanceUid,
        String targetSopInstanceUid, InstanceState state, String reason) {

    /** Checks that every field is present. */
    public InstanceProgress {
        Objects.requireNonNull(sourceSopInstanceUid, "sourceSopInstanceUid");
        Objects.requireNonNull(sourceSeriesInstanceUid, "sourceSeriesInstanceUid");
        Objects.requireNonNull(targetSopInstanceUid, "targetSopInstanceUid");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
    }
}
