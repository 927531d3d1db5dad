package org.rpb.pacs.deident.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An action code of Table E.1-1 as written in the table: one letter or a compound such as {@code X/Z/D}
 * or {@code X/Z/U*}.
 *
 * @param text the code as written
 * @param choices the actions it allows, in the order written
 */
public record ActionCode(String text, List<Action> choices) {

    /**
     * Parses a code.
     *
     * @param text e.g. {@code X/Z/D}
     * @return the code
     * @throws IllegalArgumentException when a letter is not an action code
     */
    public static ActionCode parse(String text) {
        List<Action> l = new ArrayList<>();
        for (String part : text.split("/")) {
            l.add(Action.ofLetter(part));
        }
        return new ActionCode(text.trim(), Collections.unmodifiableList(l));
    }

    /** @return true when the code offers more than one action */
    public boolean isCompound() {
        return choices.size() > 1;
    }

    /**
     * The least destructive choice that keeps an object valid whatever the attribute's type: D (a dummy, valid
     * even for Type 1) before U (a sequence kept with its UIDs replaced) before Z before X. Used for a compound
     * code when the library does not know the attribute's type in the IOD; none of these keeps the original
     * value.
     *
     * @return the least destructive allowed action of the four, or {@link #strictest()} when the code offers
     *         none of them
     */
    public Action leastDestructiveValid() {
        for (Action a : List.of(Action.DUMMY, Action.REPLACE_UID, Action.EMPTY, Action.REMOVE)) {
            if (choices.contains(a)) {
                return a;
            }
        }
        return strictest();
    }

    /**
     * The strictest of the choices: X before Z before D before U before C before K. Used when a known type
     * resolves to an action the code does not offer.
     *
     * @return the strictest allowed action
     */
    public Action strictest() {
        Action best = null;
        for (Action a : choices) {
            if (best == null || rank(a) < rank(best)) {
                best = a;
            }
        }
        return best;
    }

    private static int rank(Action a) {
        return switch (a) {
            case REMOVE -> 0;
            case EMPTY -> 1;
            case DUMMY -> 2;
            case REPLACE_UID -> 3;
            case CLEAN -> 4;
            case KEEP -> 5;
        };
    }
}
