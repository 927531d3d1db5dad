package org.rpb.pacs.dicomweb;

/** What a DICOMweb request retrieves; decides the role it needs and whether it is audited. */
public enum RetrieveKind {
    /** WADO-RS of a whole study, a series or an instance (Part 10 objects). */
    INSTANCES(true, true),
    /** WADO-RS frames of an instance (pixel data). */
    FRAMES(true, true),
    /** WADO-RS bulk data of an instance. */
    BULKDATA(true, true),
    /** WADO-RS metadata (DICOM JSON without bulk data). */
    METADATA(false, true),
    /** A rendered image (JPEG/PNG) of a series, an instance or a frame. */
    RENDERED(false, true),
    /** A small rendered image; shown on study pages anyway, not audited. */
    THUMBNAIL(false, false);

    private final boolean needsDownload;
    private final boolean audited;

    RetrieveKind(boolean needsDownload, boolean audited) {
        this.needsDownload = needsDownload;
        this.audited = audited;
    }

    /** @return whether it needs ROLE_PACS_DOWNLOAD (else ROLE_PACS_USER is enough) */
    public boolean needsDownload() {
        return needsDownload;
    }

    /** @return whether each request is written to the audit log */
    public boolean audited() {
        return audited;
    }
}
