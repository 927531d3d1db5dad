/**
 * The research archive as the services use it ({@link org.rpb.pacs.core.archive.ResearchArchive}):
 * store, list a patient's studies, fetch a study or series, verify instances. Built by
 * {@link org.rpb.pacs.core.archive.ResearchArchives#open} over DIMSE or DICOMweb as configured.
 */
package org.rpb.pacs.core.archive;
