package org.rpb.pacs.api;

import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;

/**
 * De-identification of a set of DICOM files on the server with the active study's current profile and
 * project key (the key stays on the server). Needs {@code ROLE_PACS_UPLOAD}; each call is audited.
 *
 * <p>Files are exchanged only through the active study and site's exchange folder ({@link #exchangeFolder()}, under the
 * server's {@code pacs.exchange.dir}): the input files and the output folder of a request must lie inside it
 * (symbolic links followed), otherwise the request is refused before anything is read or written.
 */
public interface PacsDeidentification {

    /**
     * De-identifies the files for a subject of the active study and site.
     *
     * @throws NotInScopeException           if the PID is not a subject of the active study and site
     * @throws DeidentificationFailedException if an input file or the output folder lies outside the active
     *                                         study's exchange folder, or the profile, the key or the output
     *                                         folder cannot be used
     */
    DeidentificationResult deidentify(DeidentificationRequest request)
            throws NoActiveScopeException, NotInScopeException, DeidentificationFailedException;

    /**
     * The active study and site's exchange folder on the server ({@code <pacs.exchange.dir>/<study code>/<site code>}, created if
     * missing): put the input files into it, and name a sub-folder of it as output folder.
     *
     * @throws DeidentificationFailedException if the folder cannot be created or lies in the module's own
     *                                         working folders (a configuration error)
     */
    String exchangeFolder() throws NoActiveScopeException, DeidentificationFailedException;
}
