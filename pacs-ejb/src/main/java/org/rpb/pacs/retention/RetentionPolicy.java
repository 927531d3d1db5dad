package org.rpb.pacs.retention;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the module keeps what a job left behind.
 *
 * <p>Configured by system properties: {@value #UPLOAD_PROPERTY} (seconds, default 24 h): the raw files of an upload
 * job that failed, was cancelled or interrupted, or never started, counted from its last end (a retry inside the
 * retention starts the count again); {@value #ORPHAN_PROPERTY} (seconds, default 7 days): a study in the research
 * PACS that holds instances of such a job and that no study record claims is then listed as an orphan of the job's
 * project. Working folders of uploads never confirmed are deleted after the upload retention too, but never before
 * {@link #WORKSPACE_MINIMUM} (the upload page's session keeps its folder for up to 2 h of idleness).
 *
 * @param uploadRetention how long a failed or abandoned upload's raw files stay
 * @param orphanRetention how long a job's unrecorded stored study stays unreported
 */
public record RetentionPolicy(Duration uploadRetention, Duration orphanRetention) implements Serializable {

    /** System property: seconds an upload's raw files stay after it failed or was abandoned. */
    public static final String UPLOAD_PROPERTY = "pacs.upload.retention-seconds";
    /** System property: seconds before an unrecorded stored study is listed as an orphan. */
    public static final String ORPHAN_PROPERTY = "pacs.orphans.retention-seconds";
    /** An upload's working folder is older than this at least before the retention deletes it. */
    public static final Duration WORKSPACE_MINIMUM = Duration.ofHours(3);

    /** Checks that both durations are positive. */
    public RetentionPolicy {
        Objects.requireNonNull(uploadRetention, "uploadRetention");
        Objects.requireNonNull(orphanRetention, "orphanRetention");
        if (uploadRetention.isNegative() || uploadRetention.isZero() || orphanRetention.isNegative()
                || orphanRetention.isZero()) {
            throw new IllegalArgumentException("retentions must be positive: " + uploadRetention + ", "
                    + orphanRetention);
        }
    }

    /** @return 24 h for raw upload files, 7 days for orphans */
    public static RetentionPolicy defaults() {
        return new RetentionPolicy(Duration.ofHours(24), Duration.ofDays(7));
    }

    /**
     * @return the retentions the system properties set, the defaults for those not set
     * @throws IllegalArgumentException naming the property whose value is not a positive whole number
     */
    public static RetentionPolicy fromSystemProperties() {
        RetentionPolicy d = defaults();
        return new RetentionPolicy(seconds(UPLOAD_PROPERTY, d.uploadRetention()),
                seconds(ORPHAN_PROPERTY, d.orphanRetention()));
    }

    /** @return how long an unconfirmed upload's working folder stays at least */
    public Duration workspaceRetention() {
        return uploadRetention.compareTo(WORKSPACE_MINIMUM) > 0 ? uploadRetention : WORKSPACE_MINIMUM;
    }

    /**
     * @param d a duration
     * @return it for people: whole days, hours or minutes where it is one ("24 h", "7 days"), else seconds
     */
    public static String describe(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0 && s >= 2 * 86_400) {
            return s / 86_400 + " days";
        }
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }

    private static Duration seconds(String property, Duration fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the system property " + property
                    + " must be a positive whole number of seconds, not " + v);
        }
    }
}
