package org.rpb.pacs.record;

import jakarta.ejb.ApplicationException;

/**
 * A subject, event, slot, study record or job was not found in the caller's active study and site. It
 * says the same whether the thing does not exist or belongs elsewhere, so that IDs reveal nothing.
 */
@ApplicationException(rollback = true)
public class NotInScopeException extends Exception {

    private static final long serialVersionUID = 1L;

    public NotInScopeException(String what) {
        super(what + " not found in the active study and site");
    }
}
