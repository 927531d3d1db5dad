package org.rpb.pacs.upload;

import java.util.List;

/**
 * A series found in an upload.
 *
 * @param studyInstanceUid  the study it belongs to
 * @param seriesInstanceUid its UID
 * @param modality          its modality
 * @param description       its Series Description, may be null
 * @param instances         its instances, by Instance Number where present
 */
public record UploadedSeries(String studyInstanceUid, String seriesInstanceUid, String modality, String description,
        List<InspectedInstance> instances) {

    public UploadedSeries {
        instances = List.copyOf(instances);
    }

    public int instanceCount() {
        return instances.size();
    }
}
