package org.rpb.pacs.vocabulary;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One rule mapping site ROI names to a standard name. Immutable.
 *
 * @param kind         how {@code siteName} is compared
 * @param siteName     the site's name, or the pattern for {@link MatchKind#PATTERN}
 * @param standardName the standard name written instead
 */
public record RoiMappingRule(MatchKind kind, String siteName, String standardName) implements Serializable {

    /**
     * Checks the rule.
     *
     * @throws IllegalArgumentException naming the problem: empty parts, a standard name over 64 characters, or a
     *         pattern that does not compile (with its index)
     */
    public RoiMappingRule {
        Objects.requireNonNull(kind, "kind");
        if (siteName == null || siteName.isBlank()) {
            throw new IllegalArgumentException("the site name or pattern is empty");
        }
        if (standardName == null || standardName.isBlank() || standardName.length() > 64) {
            throw new IllegalArgumentException("the standard name must have 1 to 64 characters");
        }
        if (kind == MatchKind.PATTERN) {
            try {
                Pattern.compile(siteName, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("pattern not valid at index " + e.getIndex() + ": "
                        + e.getDescription(), e);
            }
        }
    }

    /**
     * @param name a site ROI name
     * @return whether this rule applies to it
     */
    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        return switch (kind) {
            case EXACT -> siteName.equals(name);
            case IGNORE_CASE -> siteName.trim().toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT));
            case PATTERN -> Pattern.compile(siteName, Pattern.CASE_INSENSITIVE).matcher(name.trim()).matches();
        };
    }
}
