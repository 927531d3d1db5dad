package org.rpb.pacs.profile;

import jakarta.ejb.ApplicationException;

/** A profile cannot be saved: an unknown option name or a rule that does not parse (with its line). */
@ApplicationException(rollback = true)
public class InvalidProfileException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidProfileException(String message) {
        super(message);
    }
}
