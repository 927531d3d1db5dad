package org.rpb.pacs.core.net;

import org.rpb.pacs.core.dict.Tags;

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
        return new SeriesResult(m.get(Tags.StudyInstanceUID.value()), m.get(Tags.SeriesInstanceUID.value()),
                m.get(Tags.Modality.value()), m.getInt(Tags.SeriesNumber.value()), m.get(Tags.SeriesDescription.value()),
                m.getInt(Tags.NumberOfSeriesRelatedInstances.value()));
    }
}
