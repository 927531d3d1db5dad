/**
 * PACS node configuration: the clinical PACS and the research PACS (AE title, host, port, our calling AE
 * title, timeouts, optional DICOMweb URL). {@link org.rpb.pacs.node.PacsNodeAdminService} changes them
 * ({@code ROLE_PACS_ADMIN}); {@link org.rpb.pacs.node.PacsNodeService} reads them ({@code ROLE_PACS_USER}).
 */
package org.rpb.pacs.node;
