package org.rpb.pacs.vocabulary;

import java.io.Serializable;
import java.util.Objects;

/**
 * A project's RT structure vocabulary settings.
 *
 * @param studyCode the portal study code of the project
 * @param enabled   whether de-identification replaces ROI names by standard names
 * @param mapping   the mapping rules in priority order
 */
public record ProjectVocabulary(String studyCode, boolean enabled, RoiMapping mapping) implements Serializable {

    /** Checks that every part is present. */
    public ProjectVocabulary {
        Objects.requireNonNull(studyCode, "studyCode");
        Objects.requireNonNull(mapping, "mapping");
    }
}
