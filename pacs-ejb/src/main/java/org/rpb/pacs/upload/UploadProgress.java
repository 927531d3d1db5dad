package org.rpb.pacs.upload;

/**
 * Told about each instance of an upload as it moves through de-identification, storing and verification (by
 * SOP Instance UIDs only). The job writes these as per-instance progress rows.
 */
public interface UploadProgress {

    /** Nothing is recorded. */
    UploadProgress NONE = new UploadProgress() {
    };

    /**
     * @param sourceSopUid the uploaded instance
     * @param targetSopUid its de-identified UID
     */
    default void deidentified(String sourceSopUid, String targetSopUid) {
    }

    /**
     * @param sourceSopUid the uploaded instance
     * @param targetSopUid its de-identified UID, now stored
     */
    default void stored(String sourceSopUid, String targetSopUid) {
    }

    /**
     * @param sourceSopUid the uploaded instance
     * @param targetSopUid its de-identified UID, found in the archive
     */
    default void verified(String sourceSopUid, String targetSopUid) {
    }

    /**
     * @param sourceSopUid the uploaded instance
     * @param reason       why it failed, without patient data
     */
    default void failed(String sourceSopUid, String reason) {
    }
}
