package org.rpb.pacs.web.copy;

import java.io.Serializable;

/**
 * An empty upload slot of the patient's events that a project copy may fill.
 *
 * @param slotId the slot
 * @param label event, repeat and slot name, as the page shows it
 */
public record SlotChoice(long slotId, String label) implements Serializable {
    private static final long serialVersionUID = 1L;
}
