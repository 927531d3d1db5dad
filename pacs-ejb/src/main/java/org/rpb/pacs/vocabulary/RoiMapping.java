package org.rpb.pacs.vocabulary;

import java.io.Serializable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rpb.pacs.deident.rt.RoiVocabulary;

/**
 * A project's ordered ROI mapping rules; the first rule that matches a name wins. Immutable.
 */
public final class RoiMapping implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No rules: names stay as the profile leaves them. */
    public static final RoiMapping NONE = new RoiMapping(List.of());

    private final List<RoiMappingRule> rules;

    private RoiMapping(List<RoiMappingRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * @param rules the rules in priority order
     * @return the mapping
     */
    public static RoiMapping of(List<RoiMappingRule> rules) {
        return new RoiMapping(rules);
    }

    /** @return the rules in priority order */
    public List<RoiMappingRule> rules() {
        return rules;
    }

    /**
     * @param siteName an ROI name as found in a structure set
     * @return the standard name of the first matching rule
     */
    public Optional<String> standardNameFor(String siteName) {
        for (RoiMappingRule r : rules) {
            if (r.matches(siteName)) {
                return Optional.of(r.standardName());
            }
        }
        return Optional.empty();
    }

    /**
     * The mapping of the given names, in their order; names no rule matches are left out.
     *
     * @param siteNames ROI names found in the data
     * @return site name to standard name
     */
    public Map<String, String> resolve(Collection<String> siteNames) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : siteNames) {
            standardNameFor(n).ifPresent(s -> m.put(n, s));
        }
        return m;
    }

    /**
     * Turns the rules into pacs-deident's vocabulary for the names of the data about to be de-identified.
     * Patterns cannot be handed to pacs-deident as such, so they are expanded against the names actually
     * present; the de-identifier then compares names ignoring case, spaces, '-' and '_'.
     *
     * @param siteNames ROI names found in the data
     * @return the vocabulary
     */
    public RoiVocabulary toVocabulary(Collection<String> siteNames) {
        Map<String, String> m = resolve(siteNames);
        return m.isEmpty() ? RoiVocabulary.NONE : RoiVocabulary.of(m);
    }
}
