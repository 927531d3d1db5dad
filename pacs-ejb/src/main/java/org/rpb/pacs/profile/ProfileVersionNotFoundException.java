package org.rpb.pacs.profile;

import jakarta.ejb.ApplicationException;

/** The active study has no profile version with the given number. */
@ApplicationException(rollback = true)
public class ProfileVersionNotFoundException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProfileVersionNotFoundException(int version) {
        super("The active study has no de-identification profile version " + version);
    }
}
