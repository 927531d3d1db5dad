package org.rpb.pacs.portal;

import jakarta.ejb.ApplicationException;

/** The caller asked for a study or site that is not open to them. */
@ApplicationException(rollback = true)
public class ScopeNotAccessibleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ScopeNotAccessibleException(String studyCode, String siteCode) {
        super("You have no access to study " + studyCode + " at site " + siteCode + ".");
    }
}
