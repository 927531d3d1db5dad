package org.rpb.pacs.portal;

import java.io.Serializable;
import java.util.Objects;

/**
 * The study and site a user currently works in. Every query of the module is limited to it.
 *
 * @param study the active study
 * @param site  the active site
 */
public record ActiveScope(StudyRef study, SiteRef site) implements Serializable {

    public ActiveScope {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(site, "site");
    }

    /** Whether this scope is the given study and site. */
    public boolean is(String studyCode, String siteCode) {
        return study.code().equals(studyCode) && site.code().equals(siteCode);
    }
}
