package org.rpb.pacs.core.net;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of storing a set of files.
 *
 * @param node      the node stored to, as {@code AET@host:port} or URL
 * @param instances one entry per file that was offered, in order
 */
public record StoreResult(String node, List<Instance> instances) {

    /** Copies the list. */
    public StoreResult {
        instances = List.copyOf(instances);
    }

    /**
     * One file's outcome.
     *
     * @param file           the file
     * @param sopInstanceUid its SOP Instance UID ("" if it could not be read)
     * @param status         the C-STORE response status, or {@link DicomStatus#NONE} if it was not sent
     * @param reason         why it was not stored, or "" on success
     */
    public record Instance(Path file, String sopInstanceUid, int status, String reason) {
        /** @return true for a success or warning status */
        public boolean stored() {
            return DicomStatus.isSuccess(status) || DicomStatus.isWarning(status);
        }
    }

    /** @return number of instances stored with success or warning */
    public int stored() {
        return (int) instances.stream().filter(Instance::stored).count();
    }

    /** @return number of instances not stored */
    public int failed() {
        return instances.size() - stored();
    }

    /** @return true if every file was stored */
    public boolean allStored() {
        return failed() == 0;
    }
}
