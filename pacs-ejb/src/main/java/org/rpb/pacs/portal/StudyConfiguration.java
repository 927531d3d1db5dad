package org.rpb.pacs.portal;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * A study's configuration as the CTMS keeps it: its tags (e.g. {@code DICOM=true}) and whether it is Study0.
 *
 * @param code   the portal's study code
 * @param name   the study's display name
 * @param tags   the study's CTMS tags, name to value (unmodifiable)
 * @param study0 whether the study is the site's project-agnostic patient registry
 */
public record StudyConfiguration(String code, String name, Map<String, String> tags, boolean study0)
        implements Serializable {

    /** The CTMS tag that says a study collects DICOM data. */
    public static final String DICOM_TAG = "DICOM";

    public StudyConfiguration {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        tags = Map.copyOf(tags);
    }

    /** Whether the tag {@code DICOM} is {@code true}, so that the module offers anything in this study. */
    public boolean dicomEnabled() {
        return "true".equalsIgnoreCase(tags.get(DICOM_TAG));
    }
}
