package org.rpb.pacs.core.net;

import org.rpb.pacs.core.dict.Tags;

/**
 * An instance-level (IMAGE) match.
 *
 * @param studyInstanceUid  Study Instance UID
 * @param seriesInstanceUid Series Instance UID
 * @param sopInstanceUid    SOP Instance UID
 * @param sopClassUid       SOP Class UID or "" if the peer did not return it
 * @param instanceNumber    Instance Number, or -1
 */
public record InstanceResult(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
                             String sopClassUid, int instanceNumber) {
    /** @return the typed view of an instance-level match */
    public static InstanceResult of(FindMatch m) {
        return new InstanceResult(m.get(Tags.StudyInstanceUID.value()), m.get(Tags.SeriesInstanceUID.value()),
                m.get(Tags.SOPInstanceUID.value()), m.get(Tags.SOPClassUID.value()), m.getInt(Tags.InstanceNumber.value()));
    }
}
