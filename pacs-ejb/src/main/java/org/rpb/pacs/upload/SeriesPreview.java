package org.rpb.pacs.upload;

import java.io.Serializable;

import org.rpb.pacs.admin.PreviewResult;

/**
 * What de-identification will change in one series of an upload, shown on one of its instances.
 *
 * @param seriesInstanceUid the series (original UID; shown only on the upload page to the uploader)
 * @param modality          its modality
 * @param description       its Series Description, may be null
 * @param sampleName        the name of the instance previewed, as the user sent it
 * @param result            per attribute before → after, the refusal if any, and the leak scanner's verdict
 */
public record SeriesPreview(String seriesInstanceUid, String modality, String description, String sampleName,
        PreviewResult result) implements Serializable {
}
