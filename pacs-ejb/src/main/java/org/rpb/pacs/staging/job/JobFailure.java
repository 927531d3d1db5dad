package org.rpb.pacs.staging.job;

/**
 * The exit status of a staging job that failed as a whole: {@code FAILED: <reason>}, cut to what the
 * job repository keeps. Reasons name nodes, DICOM statuses and UIDs, never patient values.
 */
final class JobFailure {
    /** The prefix the jobs page and tests recognise. */
    static final String PREFIX = "FAILED: ";
    /** The JDBC job repository's EXITSTATUS column holds 512 characters. */
    private static final int MAX = 500;

    private JobFailure() {
    }

    /**
     * @param reason what happened
     * @return the exit status
     */
    static String exitStatus(String reason) {
        String s = PREFIX + (reason == null || reason.isBlank() ? "unknown reason" : reason.strip());
        return s.length() > MAX ? s.substring(0, MAX) : s;
    }
}
