package org.rpb.pacs.profile;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One stored version of a project's profile.
 *
 * @param studyCode    the project
 * @param version      1, 2, ... in order of saving
 * @param settings     the profile
 * @param restoredFrom the version this one copies, or {@code null} for an ordinary save
 * @param savedBy      who saved it
 * @param savedAt      when
 */
public record ProfileVersion(String studyCode, int version, ProfileSettings settings, Integer restoredFrom,
        String savedBy, LocalDateTime savedAt) implements Serializable {

    public ProfileVersion {
        Objects.requireNonNull(studyCode, "studyCode");
        Objects.requireNonNull(settings, "settings");
    }
}
