package org.rpb.pacs.api;

import jakarta.ejb.ApplicationException;

/** De-identification could not run at all (profile, key or output folder); names what, never patient data. */
@ApplicationException(rollback = true)
public class DeidentificationFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public DeidentificationFailedException(String message) {
        super(message);
    }
}
