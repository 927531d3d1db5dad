package org.rpb.pacs.portal;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * An event definition of a study (a time point of the protocol) and the upload slots its form offers.
 *
 * @param code      the definition's code within the study, e.g. {@code FU}
 * @param name      its display name, e.g. {@code Follow-Up}
 * @param repeating whether a subject may have several occurrences (repeat keys 1, 2, ...)
 * @param slotNames the names of its upload slots in form order, e.g. {@code Planning CT}
 */
public record EventDefinition(String code, String name, boolean repeating, List<String> slotNames)
        implements Serializable {

    public EventDefinition {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        slotNames = List.copyOf(slotNames);
    }
}
