package org.rpb.pacs.home;

import java.io.Serializable;

import org.rpb.pacs.portal.ActiveScope;

/**
 * The start page's content.
 *
 * @param scope     the caller's active study and site
 * @param canUpload the caller may upload into study-event slots (and stage and copy)
 * @param canLookup the caller may look up Study0 patients in the clinical PACS
 * @param canDownload the caller may download de-identified studies
 * @param canAdminister the caller may configure PACS nodes and de-identification profiles
 */
public record HomeOverview(ActiveScope scope, boolean canUpload, boolean canLookup, boolean canDownload,
        boolean canAdminister) implements Serializable {

    /** Whether the active study collects DICOM data at all; if not, the module offers nothing. */
    public boolean dicomEnabled() {
        return scope.study().dicomEnabled();
    }
}
