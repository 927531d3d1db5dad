package org.rpb.pacs.retention;

import java.util.Collection;
import java.util.Map;

import org.rpb.pacs.core.net.DicomNetworkException;

/** Asks the research PACS which studies hold some instances (the server's is a C-FIND by SOP Instance UID). */
@FunctionalInterface
public interface StoredStudies {

    /**
     * @param sopInstanceUids instances a job stored
     * @return the studies that hold any of them, with how many each holds
     * @throws DicomNetworkException if the research PACS cannot be asked
     */
    Map<String, Integer> holding(Collection<String> sopInstanceUids) throws DicomNetworkException;
}
