package org.rpb.pacs.deident.manifest;

import org.rpb.pacs.deident.profile.Action;

/**
 * What de-identification did to one attribute, as a manifest entry records it: a profile {@link Action}, or a
 * value written by the caller or a rule. Its {@link #code()} is the only form the manifest writes.
 */
public enum ManifestAction {
    /** {@code D}: replaced with a dummy value. */
    DUMMY("D"),
    /** {@code Z}: emptied. */
    EMPTY("Z"),
    /** {@code X}: removed. */
    REMOVE("X"),
    /** {@code K}: kept. */
    KEEP("K"),
    /** {@code C}: cleaned or shifted. */
    CLEAN("C"),
    /** {@code U}: UID replaced. */
    REPLACE_UID("U"),
    /** {@code SET}: an attribute that was there, set by the caller or a rule. */
    SET("SET"),
    /** {@code ADD}: an attribute the caller or a rule added. */
    ADD("ADD");

    private final String code;

    ManifestAction(String code) {
        this.code = code;
    }

    /**
     * @param action a resolved profile action
     * @return the manifest action that records it
     */
    public static ManifestAction of(Action action) {
        return switch (action) {
            case DUMMY -> DUMMY;
            case EMPTY -> EMPTY;
            case REMOVE -> REMOVE;
            case KEEP -> KEEP;
            case CLEAN -> CLEAN;
            case REPLACE_UID -> REPLACE_UID;
        };
    }

    /**
     * @return the manifest's code: the Table E.1-1 letter of a profile action ({@code X}, {@code Z}, {@code D},
     *         {@code U}, {@code C}, {@code K}), or {@code SET}, {@code ADD}
     */
    public String code() {
        return code;
    }
}
