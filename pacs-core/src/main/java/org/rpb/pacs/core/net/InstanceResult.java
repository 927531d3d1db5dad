package org.rpb.pacs.core.net;

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
        return new InstanceResult(m.get(QueryTags.STUDY_INSTANCE_UID), m.get(QueryTags.SERIES_INSTANCE_UID),
                m.get(QueryTags.SOP_INSTANCE_UID), m.get(QueryTags.SOP_CLASS_UID), m.getInt(QueryTags.INSTANCE_NUMBER));
    }
}
