package org.rpb.pacs.web.message;

import java.util.Objects;

/**
 * One message for the page, independent of Faces so that the mapping can be tested without a server.
 *
 * @param severity how it is shown
 * @param summary  the first line
 * @param detail   the second line, or null
 */
public record PageMessage(Severity severity, String summary, String detail) {

    /** How a message is shown. */
    public enum Severity {
        /** something was done */
        INFO,
        /** the request was refused: the user can change it (another slot, study, choice) */
        WARN,
        /** something failed: trying again later, or an administrator, may help */
        ERROR
    }

    /** Checks that severity and summary are given. */
    public PageMessage {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
    }
}
