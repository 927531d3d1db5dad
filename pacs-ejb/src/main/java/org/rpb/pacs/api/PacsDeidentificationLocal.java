package org.rpb.pacs.api;

import jakarta.ejb.Local;

/** Local view of {@link PacsDeidentification}. */
@Local
public interface PacsDeidentificationLocal extends PacsDeidentification {
    /** Global JNDI name of this view. */
    String JNDI_NAME = "java:global/pacs/pacs-ejb/PacsDeidentification!org.rpb.pacs.api.PacsDeidentificationLocal";
}
