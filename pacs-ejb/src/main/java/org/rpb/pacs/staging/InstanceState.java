package org.rpb.pacs.staging;

/**
 * Where one instance of a staging or copy run stands. The states follow one another in this order;
 * {@link #FAILED} may follow any of them and is always reported with a reason.
 */
public enum InstanceState {
    /** The instance arrived from the source PACS into the job's spool folder. */
    RETRIEVED,
    /** It was de-identified with the target's profile, key and subject. */
    DEIDENTIFIED,
    /** The research PACS accepted it (C-STORE success or warning). */
    STORED,
    /** An instance-level query of the research PACS found it (or found it already there before the run). */
    VERIFIED,
    /** It did not get further; the progress report says why. */
    FAILED
}
