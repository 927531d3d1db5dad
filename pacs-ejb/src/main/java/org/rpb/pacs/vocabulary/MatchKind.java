package org.rpb.pacs.vocabulary;

/** How a mapping rule compares a site ROI name. */
public enum MatchKind {
    /** The whole name, character for character. */
    EXACT,
    /** The whole name, ignoring case and surrounding spaces. */
    IGNORE_CASE,
    /** A Java regular expression that must match the whole name, ignoring case. */
    PATTERN
}
