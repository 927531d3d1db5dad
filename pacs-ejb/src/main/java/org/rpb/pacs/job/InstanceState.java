package org.rpb.pacs.job;

/**
 * Where one instance of a job (upload, staging or copy) stands. The states follow one another in this order;
 * {@link #FAILED} may follow any of them and is always reported with a reason.
 */
public enum InstanceState {
    /** Known to the job (listed in the source PACS, or found in the upload), not worked on yet. */
    PENDING,
    /** Retrieved from the source PACS into the job's spool folder (an upload's files are there from the start). */
    RETRIEVED,
    /** De-identified with the job's profile version, key and subject. */
    DEIDENTIFIED,
    /** The research PACS accepted it (C-STORE success or warning). */
    STORED,
    /** A query of the research PACS found it (or found it already there before the run). */
    VERIFIED,
    /** It did not get further; the progress says why. */
    FAILED;

    /**
     * @param reached the state an instance is in
     * @return whether that instance has reached this state (a verified instance was also stored...); FAILED is
     *         reached only by failed instances
     */
    public boolean reachedBy(InstanceState reached) {
        if (this == FAILED || reached == FAILED) {
            return this == reached;
        }
        return reached.ordinal() >= ordinal();
    }
}
