package org.rpb.pacs.portal;

import jakarta.ejb.ApplicationException;

/**
 * The caller's active study does not collect DICOM data: its CTMS tag {@code DICOM} (from the portal SPI's
 * study configuration) is not {@code true}, so the module does nothing in it. Names the study only.
 */
@ApplicationException(rollback = true)
public class DicomNotEnabledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String studyCode;

    public DicomNotEnabledException(String studyCode) {
        super("The study " + studyCode + " does not collect DICOM data (its CTMS tag DICOM is not true), so the "
                + "Medical Imaging module offers nothing in it. Choose another study, or ask the study's data "
                + "manager to enable DICOM collection.");
        this.studyCode = studyCode;
    }

    /** The study that refused. */
    public String studyCode() {
        return studyCode;
    }
}
