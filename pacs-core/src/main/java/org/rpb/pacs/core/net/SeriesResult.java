package org.rpb.pacs.core.net;

/**
 * A series-level match.
 *
 * @param studyInstanceUid  Study Instance UID
 * @param seriesInstanceUid Series Instance UID
 * @param modality          Modality
 * @param seriesNumber      Series Number, or -1
 * @param seriesDescription Series Description or ""
 * @param numberOfInstances Number of Series Related Instances, or -1
 */
public record SeriesResult(String studyInstanceUid, String seriesInstanceUid, String modality, int seriesNumber,
                           String seriesDescription, int numberOfInstances) {
    /** @return the typed view of a series-level match */
    public static SeriesResult of(FindMatch m) {
        return new SeriesResult(m.get(QueryTags.STUDY_INSTANCE_UID), m.get(QueryTags.SERIES_INSTANCE_UID),
                m.get(QueryTags.MODALITY), m.getInt(QueryTags.SERIES_NUMBER), m.get(QueryTags.SERIES_DESCRIPTION),
                m.getInt(QueryTags.NUMBER_OF_SERIES_RELATED_INSTANCES));
    }
}
