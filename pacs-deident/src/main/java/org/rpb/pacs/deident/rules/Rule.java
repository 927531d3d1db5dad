package org.rpb.pacs.deident.rules;

import java.util.List;

/**
 * One project rule: what to do with the attributes a path matches, and when.
 *
 * @param line the line of the rule in its file (for reports)
 * @param path the attributes it applies to
 * @param kind the action
 * @param value the value template for SET, PREFIX and SUFFIX, else null
 * @param conditions all must hold for the rule to apply
 */
public record Rule(int line, TagPath path, Kind kind, Template value, List<Condition> conditions) {

    /** What a rule does. */
    public enum Kind {
        /** Keep the original value (sequences are still walked, so UIDs inside are remapped). */
        KEEP,
        /** Remove the attribute. */
        REMOVE,
        /** Make the value empty. */
        EMPTY,
        /** Set the value from the template (creates a top-level attribute if absent). */
        SET,
        /** Put the template's text before the value the profile left. */
        PREFIX,
        /** Put the template's text after the value the profile left. */
        SUFFIX
    }

    /** Creates a rule with an unmodifiable copy of the conditions. */
    public Rule {
        conditions = List.copyOf(conditions);
    }
}
