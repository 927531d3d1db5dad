package org.rpb.pacs.record;

import jakarta.ejb.ApplicationException;

/** The slot already holds a study; linking again needs an explicit replace. */
@ApplicationException(rollback = true)
public class SlotOccupiedException extends Exception {

    private static final long serialVersionUID = 1L;

    public SlotOccupiedException(long slotId) {
        super("Upload slot " + slotId + " already holds a study; confirm the replacement to link another one");
    }
}
