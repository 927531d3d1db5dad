package org.rpb.pacs.lookup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A list of patient identifiers as users type or paste them: separated by commas, semicolons,
 * spaces, tabs or new lines; duplicates dropped; order kept. Identifiers are any string the hospital
 * uses (letters, digits, '/', '-', ...), not only digits.
 */
public final class IdList {
    /** Most identifiers one lookup takes. */
    public static final int MAX = 1000;

    private IdList() {
    }

    /**
     * @param text what the user typed or pasted (may be null)
     * @return the distinct identifiers in order
     * @throws IllegalArgumentException if there are more than {@value #MAX}
     */
    public static List<String> parse(String text) {
        Set<String> ids = new LinkedHashSet<>();
        if (text != null) {
            for (String s : text.split("[,;\\s]+")) {
                if (!s.isEmpty()) {
                    ids.add(s);
                }
            }
        }
        if (ids.size() > MAX) {
            throw new IllegalArgumentException("at most " + MAX + " identifiers per lookup, got " + ids.size());
        }
        return new ArrayList<>(ids);
    }
}
