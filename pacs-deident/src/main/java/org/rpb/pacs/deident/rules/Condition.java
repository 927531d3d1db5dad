package org.rpb.pacs.deident.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A condition of a rule, evaluated on the original (not yet de-identified) top-level data set of the instance.
 */
public sealed interface Condition {

    /**
     * @param modality the instance's Modality (0008,0060), may be null
     * @param sopClassUid the instance's SOP Class UID, may be null
     * @param attributes looks up the original text value of a top-level attribute by tag (null when absent)
     * @return whether the condition holds
     */
    boolean test(String modality, String sopClassUid, java.util.function.IntFunction<String> attributes);

    /** Modality is one of the values. */
    record ModalityIn(List<String> values) implements Condition {
        @Override
        public boolean test(String modality, String sop, java.util.function.IntFunction<String> attributes) {
            return modality != null && values.stream().anyMatch(v -> v.equalsIgnoreCase(modality.trim()));
        }
    }

    /** SOP Class UID is one of the values. */
    record SopClassIn(List<String> values) implements Condition {
        @Override
        public boolean test(String modality, String sop, java.util.function.IntFunction<String> attributes) {
            return sop != null && values.contains(sop.trim());
        }
    }

    /**
     * A top-level attribute's value: present (or absent), equal to, containing, or matching a regular
     * expression.
     *
     * @param tag the attribute
     * @param present expected presence, or null to not test it
     * @param equals exact value (trimmed), or null
     * @param contains a substring, or null
     * @param matches a regular expression over the whole value, or null
     */
    record AttributeValue(int tag, Boolean present, String equals, String contains, Pattern matches)
            implements Condition {
        @Override
        public boolean test(String modality, String sop, java.util.function.IntFunction<String> attributes) {
            String v = attributes.apply(tag);
            if (present != null && present != (v != null)) {
                return false;
            }
            if (equals != null && (v == null || !v.trim().equals(equals))) {
                return false;
            }
            if (contains != null && (v == null || !v.contains(contains))) {
                return false;
            }
            return matches == null || (v != null && matches.matcher(v.trim()).matches());
        }
    }
}
