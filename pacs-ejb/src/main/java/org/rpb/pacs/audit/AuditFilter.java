package org.rpb.pacs.audit;

import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * Which audit events to read; {@code null} fields do not filter.
 *
 * @param user   only events of this user
 * @param action only events of this action
 * @param pid    only events on this subject
 * @param from   only events at or after this time
 * @param to     only events before this time
 */
public record AuditFilter(String user, AuditAction action, String pid, LocalDateTime from, LocalDateTime to)
        implements Serializable {

    /** No filter: every event of the active study and site, and server-wide configuration changes. */
    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null);
    }

    /** This filter, limited to one action. */
    public AuditFilter withAction(AuditAction a) {
        return new AuditFilter(user, a, pid, from, to);
    }

    /** This filter, limited to one user. */
    public AuditFilter withUser(String u) {
        return new AuditFilter(u, action, pid, from, to);
    }

    /** This filter, limited to one subject. */
    public AuditFilter withPid(String p) {
        return new AuditFilter(user, action, p, from, to);
    }
}
