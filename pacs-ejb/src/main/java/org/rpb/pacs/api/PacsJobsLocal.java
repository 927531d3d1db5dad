package org.rpb.pacs.api;

import jakarta.ejb.Local;

/** Local view of {@link PacsJobs}. */
@Local
public interface PacsJobsLocal extends PacsJobs {
    /** Global JNDI name of this view. */
    String JNDI_NAME = "java:global/pacs/pacs-ejb/PacsJobs!org.rpb.pacs.api.PacsJobsLocal";
}
