package org.rpb.pacs.api;

import jakarta.ejb.Remote;

/** Remote view of {@link PacsStudies}. */
@Remote
public interface PacsStudiesRemote extends PacsStudies {
    /** Global JNDI name of this view. */
    String JNDI_NAME = "java:global/pacs/pacs-ejb/PacsStudies!org.rpb.pacs.api.PacsStudiesRemote";
}
