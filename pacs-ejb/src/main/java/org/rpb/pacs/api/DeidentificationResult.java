package org.rpb.pacs.api;

import java.io.Serializable;
import java.util.List;

/**
 * What a de-identification call did.
 *
 * @param profileVersion the profile version used, 0 for the defaults (no version saved yet)
 * @param outputFiles    paths of the written files, in input order of the files that were done
 * @param refusals       one line per refused file (file and reason, no patient data)
 */
public record DeidentificationResult(int profileVersion, List<String> outputFiles, List<String> refusals)
        implements Serializable {

    public DeidentificationResult {
        outputFiles = List.copyOf(outputFiles);
        refusals = List.copyOf(refusals);
    }
}
