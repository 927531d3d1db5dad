package org.rpb.pacs.core.net;

/**
 * Sub-operation counts of a C-MOVE or C-GET, as reported by one response of the peer.
 *
 * @param remaining number of remaining sub-operations, or -1 if the peer did not say
 * @param completed number of completed sub-operations
 * @param failed    number of failed sub-operations
 * @param warning   number of sub-operations completed with a warning
 * @param status    the DIMSE status of the response (pending while the retrieve runs)
 */
public record MoveProgress(int remaining, int completed, int failed, int warning, int status) {
    /** @return true while the peer is still sending */
    public boolean pending() {
        return DicomStatus.isPending(status);
    }
}
