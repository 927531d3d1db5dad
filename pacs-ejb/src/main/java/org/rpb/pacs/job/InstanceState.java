package org.rpb.pacs.job;

/** Where one instance of a job is. */
public enum InstanceState {
    PENDING, RETRIEVED, DEIDENTIFIED, STORED, VERIFIED, FAILED
}
