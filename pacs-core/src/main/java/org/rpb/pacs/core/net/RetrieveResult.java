package org.rpb.pacs.core.net;

import java.nio.file.Path;
import java.util.List;

/**
 * The final outcome of a C-MOVE or C-GET.
 *
 * @param node      the node retrieved from, as {@code AET@host:port}
 * @param operation {@link Operation#MOVE} or {@link Operation#GET}
 * @param status    final DIMSE status
 * @param completed completed sub-operations
 * @param failed    failed sub-operations
 * @param warning   sub-operations with warnings
 * @param cancelled true when we sent a C-CANCEL (caller request or timeout)
 * @param files     for C-GET, the Part 10 files written, complete and checked; empty for C-MOVE
 */
public record RetrieveResult(String node, Operation operation, int status, int completed, int failed, int warning,
                             boolean cancelled, List<Path> files) {

    /** Copies the file list. */
    public RetrieveResult {
        files = List.copyOf(files);
    }

    /** @return true if the final status is success and no sub-operation failed or warned */
    public boolean fullySuccessful() {
        return DicomStatus.isSuccess(status) && failed == 0 && warning == 0 && !cancelled;
    }

    /** @return a one-line description without patient data */
    public String describe() {
        return operation + " from " + node + ": " + DicomStatus.describe(status) + ", completed " + completed
                + ", failed " + failed + ", warning " + warning + (cancelled ? ", cancelled" : "");
    }
}
