package org.rpb.pacs.audit;

/** What an audit event records. */
public enum AuditAction {
    /** A study was uploaded and stored in the research PACS. */
    UPLOAD,
    /** A stored study was linked to an upload slot ("assign existing"). */
    LINK,
    /** A slot's study was replaced by another one (the old one stays in the history). */
    REPLACE,
    /** A slot was emptied. */
    UNLINK,
    /** A clinical study was staged into Study0. */
    STAGE,
    /** A Study0 study was copied into a research project. */
    COPY,
    /** A study or series was downloaded. */
    DOWNLOAD,
    /** Files were de-identified through the EJB API. */
    DEIDENTIFY,
    /**
     * A lookup in the clinical PACS (a clinical C-FIND for a Study0 patient, or a patient's HIS patient ID resolved
     * for staging); recorded with the PID only, never the HIS patient ID or another identifier the user typed.
     */
    LOOKUP,
    /** A configuration (PACS node, de-identification profile) was changed. */
    CONFIGURATION,
    /** The retention deleted what a failed or abandoned upload left: its raw files, or unconfirmed working folders. */
    RETENTION,
    /** The retention found a study the module stored in the research PACS and never recorded, and listed it. */
    ORPHAN
}
