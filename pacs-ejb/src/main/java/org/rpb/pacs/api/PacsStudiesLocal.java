package org.rpb.pacs.api;

import jakarta.ejb.Local;

/** Local view of {@link PacsStudies}. */
@Local
public interface PacsStudiesLocal extends PacsStudies {
    /** Global JNDI name of this view. */
    String JNDI_NAME = "java:global/pacs/pacs-ejb/PacsStudies!org.rpb.pacs.api.PacsStudiesLocal";
}
