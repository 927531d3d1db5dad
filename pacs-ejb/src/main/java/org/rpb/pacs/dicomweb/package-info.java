/**
 * The scope of the module's DICOMweb service: which recorded studies and series a caller may query and retrieve
 * (those of the active study and site, or of an explicit study and site open to the caller), the research PACS'
 * DICOMweb root they are served from, and the audit of every retrieve. Entry point:
 * {@link org.rpb.pacs.dicomweb.DicomWebAccessService}; the HTTP resources are in pacs-web.
 */
package org.rpb.pacs.dicomweb;
