package org.rpb.pacs.portal;

import java.io.Serializable;
import java.util.Objects;

/**
 * A study (trial or registry) of the portal, as this module sees it.
 *
 * @param code          the portal's unique study code, e.g. {@code RTTRIAL}
 * @param name          the study's display name
 * @param dicomEnabled  whether the CTMS tag {@code DICOM} is true for the study, so that it collects DICOM data
 * @param study0        whether the study is the site's project-agnostic patient registry (Study0)
 */
public record StudyRef(String code, String name, boolean dicomEnabled, boolean study0) implements Serializable {

    public StudyRef {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
    }
}
