package org.rpb.pacs.job;

/** What a job does. */
public enum JobType {
    /** Upload from the browser into a slot. */
    UPLOAD,
    /** Retrieve from the clinical PACS and stage into Study0. */
    STAGE,
    /** Copy Study0 data into a research project. */
    COPY
}
