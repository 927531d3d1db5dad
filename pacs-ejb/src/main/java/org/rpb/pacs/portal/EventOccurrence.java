package org.rpb.pacs.portal;

import java.io.Serializable;
import java.util.Objects;

/**
 * One occurrence of an event definition for a subject.
 *
 * @param id             the portal's ID of the occurrence
 * @param pid            the subject's PID
 * @param definitionCode the event definition's code
 * @param definitionName the event definition's display name
 * @param repeatKey      1 for the first occurrence, 2 for the second... of a repeating event
 */
public record EventOccurrence(long id, String pid, String definitionCode, String definitionName, int repeatKey)
        implements Serializable {

    public EventOccurrence {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(definitionCode, "definitionCode");
        Objects.requireNonNull(definitionName, "definitionName");
    }
}
