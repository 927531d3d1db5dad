package org.rpb.pacs.record;

/** Which copy a study record stands for; kept as data, never guessed from descriptions. */
public enum Stage {
    /** A study as it is in the clinical PACS (the source of a Study0 copy). */
    CLINICAL,
    /** The first, project-agnostic de-identified copy in the research PACS. */
    STUDY0_COPY,
    /** A project's own de-identified copy (uploaded, or copied from a Study0 copy). */
    PROJECT_COPY
}
