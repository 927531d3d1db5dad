package org.rpb.pacs.node;

/** What a PACS node is for. */
public enum NodeRole {
    /** The hospital's clinical PACS, queried and retrieved from for staging. */
    CLINICAL,
    /** The research PACS that holds the de-identified copies. */
    RESEARCH
}
