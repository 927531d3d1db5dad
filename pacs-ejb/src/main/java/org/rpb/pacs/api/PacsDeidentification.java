package org.rpb.pacs.api;

import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;

/**
 * De-identification of a set of DICOM files on the server with the active study's current profile and
 * project key (the key stays on the server). Needs {@code ROLE_PACS_UPLOAD}; each call is audited.
 */
public interface PacsDeidentification {

    /**
     * De-identifies the files for a subject of the active study and site.
     *
     * @throws NotInScopeException           if the PID is not a subject of the active study and site
     * @throws DeidentificationFailedException if the profile, the key or the output folder cannot be used
     */
    DeidentificationResult deidentify(DeidentificationRequest request)
            throws NoActiveScopeException, NotInScopeException, DeidentificationFailedException;
}
