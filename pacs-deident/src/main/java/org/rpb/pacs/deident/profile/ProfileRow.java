package org.rpb.pacs.deident.profile;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One row of Table E.1-1.
 *
 * @param tagText the tag as written, e.g. {@code (0010,0010)} or {@code (60XX,3000)}
 * @param name the attribute name
 * @param inStandardIod whether the table marks the attribute as used in standard composite IODs
 * @param basic the basic profile code
 * @param options the code of each option column that names this row
 */
public record ProfileRow(String tagText, String name, boolean inStandardIod, ActionCode basic,
        Map<Option, Action> options) {

    /** Creates a row with an unmodifiable copy of the option map. */
    public ProfileRow {
        options = options.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new EnumMap<>(options));
    }
}
