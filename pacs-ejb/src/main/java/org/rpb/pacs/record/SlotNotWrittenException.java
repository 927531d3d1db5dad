package org.rpb.pacs.record;

import jakarta.ejb.ApplicationException;

/**
 * The portal refused to write a StudyInstanceUID into an upload slot, or to empty it (its SPI answered that
 * it did not). The transaction rolls back, so the module's records and slot history stay as they were and
 * agree with the portal's form.
 */
@ApplicationException(rollback = true)
public class SlotNotWrittenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SlotNotWrittenException(long slotId, boolean clearing) {
        super("The portal did not " + (clearing ? "empty" : "write the study into") + " upload slot " + slotId
                + "; nothing was changed. Try again, or ask the portal administrator whether the event's form is "
                + "locked.");
    }
}
