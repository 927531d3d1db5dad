package org.rpb.pacs.portal;

import jakarta.ejb.ApplicationException;

/** The caller has access to no study and site of the portal, so the module has nothing to show. */
@ApplicationException
public class NoActiveScopeException extends Exception {

    private static final long serialVersionUID = 1L;

    public NoActiveScopeException() {
        super("You have access to no study and site in the portal. Ask the study's data manager for access.");
    }
}
