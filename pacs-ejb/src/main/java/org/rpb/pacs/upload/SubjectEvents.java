package org.rpb.pacs.upload;

import java.io.Serializable;
import java.util.List;

import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.UploadSlot;

/**
 * A subject with its events and their upload slots.
 *
 * @param subject the subject
 * @param events  its events in protocol and repeat order
 */
public record SubjectEvents(Subject subject, List<EventSlots> events) implements Serializable {

    /** Copies the list. */
    public SubjectEvents {
        events = List.copyOf(events);
    }

    /**
     * One event with its slots.
     *
     * @param event the event occurrence
     * @param slots its upload slots
     */
    public record EventSlots(EventOccurrence event, List<UploadSlot> slots) implements Serializable {

        /** Copies the list. */
        public EventSlots {
            slots = List.copyOf(slots);
        }
    }
}
