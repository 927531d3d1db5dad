/**
 * The module's DICOMweb service under {@code /dicomweb/}: QIDO-RS, WADO-RS, rendered and thumbnail resources of the
 * recorded studies in the caller's scope, proxied from the research PACS' DICOMweb with streaming. Scope, roles and
 * audit are decided by {@link org.rpb.pacs.dicomweb.DicomWebAccessService}; entry point
 * {@link org.rpb.pacs.web.dicomweb.DicomWebResource}.
 */
package org.rpb.pacs.web.dicomweb;
