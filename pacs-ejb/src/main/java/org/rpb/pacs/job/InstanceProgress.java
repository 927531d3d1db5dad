package org.rpb.pacs.job;

import java.io.Serializable;
import java.util.Objects;

/**
 * One instance of a job and where it stands: as a pipeline reports a step, and as the jobs page, the upload page
 * and the {@code PacsJobs} API show it.
 *
 * @param sourceSopInstanceUid the instance's SOP Instance UID in the source (clinical PACS, Study0 copy or upload)
 * @param sourceSeriesInstanceUid its series in the source
 * @param targetSopInstanceUid the SOP Instance UID it has (or will have) in the research PACS, "" when not known yet
 * @param state where it stands
 * @param reason for {@link InstanceState#FAILED}, why (node, operation, status, de-identification refusal or UIDs
 *        and counts; never a patient value or an uploaded file's name); for a skipped instance "already verified";
 *        otherwise ""
 */
public record InstanceProgress(String sourceSopInstanceUid, String sourceSeriesInstanceUid,
        String targetSopInstanceUid, InstanceState state, String reason) implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Checks the UIDs and state are present; an absent target or reason becomes "". */
    public InstanceProgress {
        Objects.requireNonNull(sourceSopInstanceUid, "sourceSopInstanceUid");
        Objects.requireNonNull(sourceSeriesInstanceUid, "sourceSeriesInstanceUid");
        Objects.requireNonNull(state, "state");
        targetSopInstanceUid = targetSopInstanceUid == null ? "" : targetSopInstanceUid;
        reason = reason == null ? "" : reason;
    }

    /**
     * @param sourceUidsVisible false to hide the source UIDs (for callers who may not see clinical UIDs)
     * @return this progress, with the source UIDs replaced by "" unless visible, also where the reason quotes them
     *         (e.g. a spool file named by its clinical SOP Instance UID)
     */
    public InstanceProgress visibleTo(boolean sourceUidsVisible) {
        if (sourceUidsVisible) {
            return this;
        }
        String hidden = reason;
        for (String uid : new String[] {sourceSopInstanceUid, sourceSeriesInstanceUid}) {
            hidden = uid.isEmpty() ? hidden : hidden.replace(uid, "(source UID)");
        }
        return new InstanceProgress("", "", targetSopInstanceUid, state, hidden);
    }
}
