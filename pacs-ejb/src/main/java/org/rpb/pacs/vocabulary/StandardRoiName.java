package org.rpb.pacs.vocabulary;

import java.io.Serializable;
import java.util.Objects;

/**
 * A standard ROI name of the vocabulary.
 *
 * @param name        the standard name as written into ROI Name, e.g. {@code Parotid_L}
 * @param category    {@code target}, {@code organ} or {@code other}
 * @param description what the structure is, for people
 */
public record StandardRoiName(String name, String category, String description) implements Serializable {

    /** Checks that every part is present. */
    public StandardRoiName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(description, "description");
    }
}
