package org.rpb.pacs.job;

/** What a job does; every kind runs as a Jakarta Batch job ({@link #batchJobName()}). */
public enum JobType {
    /** Upload from the browser into a slot. */
    UPLOAD("pacs-upload"),
    /** Retrieve from the clinical PACS and stage into Study0. */
    STAGE("pacs-staging"),
    /** Copy Study0 data into a research project. */
    COPY("pacs-staging");

    private final String batchJobName;

    JobType(String batchJobName) {
        this.batchJobName = batchJobName;
    }

    /** @return the name of its job XML under {@code META-INF/batch-jobs} */
    public String batchJobName() {
        return batchJobName;
    }
}
