package org.rpb.pacs.deident.profile;

/**
 * A resolved action on one attribute (PS3.15 Table E.1-1 action codes, after compound codes and options
 * have been resolved).
 */
public enum Action {
    /** D: replace with a non-empty dummy value valid for the VR. */
    DUMMY,
    /** Z: replace with an empty value. */
    EMPTY,
    /** X: remove. */
    REMOVE,
    /** K: keep (a kept sequence is still walked). */
    KEEP,
    /** C: clean: keep what is safe (dates shifted, text cleaned, sequences walked). */
    CLEAN,
    /** U: replace UIDs with keyed, consistent new UIDs (inside a sequence: walk and remap). */
    REPLACE_UID;

    /**
     * Parses one letter of a Table E.1-1 code.
     *
     * @param letter D, Z, X, K, C or U ({@code U*} is U)
     * @return the action
     * @throws IllegalArgumentException for anything else
     */
    public static Action ofLetter(String letter) {
        return switch (letter.trim().replace("*", "")) {
            case "D" -> DUMMY;
            case "Z" -> EMPTY;
            case "X" -> REMOVE;
            case "K" -> KEEP;
            case "C" -> CLEAN;
            case "U" -> REPLACE_UID;
            default -> throw new IllegalArgumentException("unknown action code '" + letter + "'");
        };
    }

    /** @return the Table E.1-1 letter of this action */
    public String letter() {
        return switch (this) {
            case DUMMY -> "D";
            case EMPTY -> "Z";
            case REMOVE -> "X";
            case KEEP -> "K";
            case CLEAN -> "C";
            case REPLACE_UID -> "U";
        };
    }
}
