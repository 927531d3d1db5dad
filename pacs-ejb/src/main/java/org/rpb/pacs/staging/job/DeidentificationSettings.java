package org.rpb.pacs.staging.job;

import org.rpb.pacs.deident.Deidentifier;

/**
 * Where a staging or copy job gets the de-identifier of its target (Study0 or a project): profile,
 * key, rules. The default implementation keeps one generated key per target in the server's data
 * folder; the module's project configuration (versioned profiles, encrypted keys) replaces it as a CDI
 * alternative.
 */
public interface DeidentificationSettings {

    /**
     * @param target {@code STUDY0} or a project's code
     * @return the target's de-identifier (the same key every time, so that re-runs give the same UIDs)
     * @throws IllegalStateException if the target has no usable configuration
     */
    Deidentifier deidentifier(String target);
}
