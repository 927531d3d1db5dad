package org.rpb.pacs.audit;

import java.io.Serializable;
import java.util.List;

/**
 * One page of audit events, newest first.
 *
 * @param events the events of the page
 * @param total  how many events match the filter in all
 * @param page   the page number, from 0
 * @param size   the page size asked for
 */
public record AuditPage(List<AuditEvent> events, long total, int page, int size) implements Serializable {

    public AuditPage {
        events = List.copyOf(events);
    }
}
