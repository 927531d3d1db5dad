package org.rpb.pacs.job;

/** The sizing settings jobs read from system properties when they start. No state. */
public final class JobSettings {

    private JobSettings() {
    }

    /**
     * @param property a system property's name
     * @param byDefault the value when the property is unset or blank
     * @return the property's value as a whole number of at least 1, else {@code byDefault}
     * @throws IllegalArgumentException naming the property and its value when it is set to anything else
     */
    public static int positive(String property, int byDefault) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + property + " must be a whole number of at least 1, not "
                + v.trim());
    }
}
