package org.rpb.pacs.api;

import jakarta.ejb.Remote;

/** Remote view of {@link PacsDeidentification}. */
@Remote
public interface PacsDeidentificationRemote extends PacsDeidentification {
    /** Global JNDI name of this view. */
    String JNDI_NAME = "java:global/pacs/pacs-ejb/PacsDeidentification!org.rpb.pacs.api.PacsDeidentificationRemote";
}
