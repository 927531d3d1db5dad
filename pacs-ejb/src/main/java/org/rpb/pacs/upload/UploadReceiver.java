package org.rpb.pacs.upload;

import java.io.InputStream;

/**
 * Where the files of one upload in progress go as the browser sends them ({@link UploadSessionBean#receiver()}).
 * Thread-safe: several files may arrive at a time, each at the pace of the network, outside the upload session's
 * lock. Once the upload is confirmed or ended, every file is refused.
 */
@FunctionalInterface
public interface UploadReceiver {

    /**
     * Receives one file (a DICOM file, any other file, or a ZIP, which is unpacked as it arrives); the upload's
     * caps are enforced on every block of bytes.
     *
     * @param name the name the browser sent, possibly with a relative folder path
     * @param in   the content, read to its end, not closed
     * @return the number of files the upload gained
     * @throws UploadFailedException naming the file when it cannot be stored, is over a cap, the ZIP is refused,
     *                               or the upload was confirmed or ended (nothing of the file stays)
     */
    int receive(String name, InputStream in) throws UploadFailedException;
}
