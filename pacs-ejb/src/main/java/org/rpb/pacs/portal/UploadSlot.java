package org.rpb.pacs.portal;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload slot of an event occurrence: a place in the event's form that holds one StudyInstanceUID.
 *
 * @param id               the portal's ID of the slot
 * @param eventId          the event occurrence it belongs to
 * @param name             the slot's name, e.g. {@code RT plan set}
 * @param expectation      what the protocol expects in it, e.g. {@code CT, RTSTRUCT, RTPLAN}
 * @param studyInstanceUid the StudyInstanceUID it holds, or {@code null} when empty
 */
public record UploadSlot(long id, long eventId, String name, String expectation, String studyInstanceUid)
        implements Serializable {

    public UploadSlot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expectation, "expectation");
    }

    /** The StudyInstanceUID in the slot, if it is filled. */
    public Optional<String> filledWith() {
        return Optional.ofNullable(studyInstanceUid);
    }
}
