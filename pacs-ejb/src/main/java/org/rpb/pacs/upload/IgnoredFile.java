package org.rpb.pacs.upload;

/**
 * A file of an upload that will not be stored, and why.
 *
 * @param name    its name relative to the upload, as the user sent it
 * @param reason  why it is left out, in words for the user (never patient data)
 * @param damaged true for a DICOM file that is damaged (the user decides whether that blocks the
 *                upload), false for a file that is not DICOM at all
 */
public record IgnoredFile(String name, String reason, boolean damaged) {
}
