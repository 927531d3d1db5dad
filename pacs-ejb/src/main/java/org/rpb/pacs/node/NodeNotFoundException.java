package org.rpb.pacs.node;

import jakarta.ejb.ApplicationException;

/** No PACS node has the given ID or role. */
@ApplicationException(rollback = true)
public class NodeNotFoundException extends Exception {

    private static final long serialVersionUID = 1L;

    public NodeNotFoundException(String what) {
        super("No PACS node " + what);
    }
}
