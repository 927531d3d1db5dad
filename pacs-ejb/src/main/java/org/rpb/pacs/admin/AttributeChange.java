package org.rpb.pacs.admin;

import java.io.Serializable;

/**
 * One attribute of a previewed sample, before and after de-identification.
 *
 * @param tag      the tag, e.g. {@code (0010,0010)}
 * @param keyword  the dictionary keyword, or empty for private and unknown attributes
 * @param path     the path through sequences, e.g. {@code (3006,0020)[0]/(3006,0026)}
 * @param oldValue the value in the sample (null when there was none); sample values are shown to the
 *                 administrator on purpose, never logged
 * @param newValue the value after de-identification (null when removed)
 * @param action   pacs-deident's action: X removed, Z emptied, D dummy, U UID replaced, C cleaned or shifted,
 *                 SET set by the subject or a rule, ADD added
 */
public record AttributeChange(String tag, String keyword, String path, String oldValue, String newValue,
        String action) implements Serializable {

    /** @return whether the path goes through a sequence */
    public boolean nested() {
        return path.indexOf('/') >= 0;
    }
}
