package org.rpb.pacs.job;

/**
 * The exit status of a job that failed as a whole: {@code FAILED: <reason>}, cut to what the
 * job repository keeps. Reasons name nodes, DICOM statuses and UIDs, never patient values.
 */
public final class JobFailure {
    /** The prefix the jobs page and tests recognise. */
    public static final String PREFIX = "FAILED: ";
    /** The JDBC job repository's EXITSTATUS column holds 512 characters. */
    private static final int MAX = 500;

    private JobFailure() {
    }

    /**
     * @param reason what happened
     * @return the exit status
     */
    public static String exitStatus(String reason) {
        String s = PREFIX + (reason == null || reason.isBlank() ? "unknown reason" : reason.strip());
        return s.length() > MAX ? s.substring(0, MAX) : s;
    }
}
