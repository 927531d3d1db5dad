package org.rpb.pacs.record;

import java.io.Serializable;
import java.util.Objects;

/**
 * A series of a study record.
 *
 * @param seriesInstanceUid the series' UID in this copy
 * @param sourceSeriesUid   the UID of the series it was made from, or {@code null}
 * @param modality          e.g. {@code CT}, {@code RTSTRUCT}
 * @param description       SeriesDescription (de-identified), or {@code null}
 * @param instanceCount     number of instances stored and verified
 */
public record SeriesRecord(String seriesInstanceUid, String sourceSeriesUid, String modality, String description,
        int instanceCount) implements Serializable {

    public SeriesRecord {
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(modality, "modality");
        if (instanceCount < 0) {
            throw new IllegalArgumentException("instanceCount must not be negative");
        }
    }
}
