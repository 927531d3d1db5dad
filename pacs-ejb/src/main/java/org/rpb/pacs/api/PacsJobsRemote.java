package org.rpb.pacs.api;

import jakarta.ejb.Remote;

/** Remote view of {@link PacsJobs}. */
@Remote
public interface PacsJobsRemote extends PacsJobs {
    /** Global JNDI name of this view. */
    String JNDI_NAME = "java:global/pacs/pacs-ejb/PacsJobs!org.rpb.pacs.api.PacsJobsRemote";
}
