package org.rpb.pacs.core.net;

/**
 * A DICOM network operation failed: the node could not be reached, the association was rejected or
 * aborted, the peer answered with a failure status, a timeout elapsed, or the connection dropped in
 * the middle of a transfer. The message always names the node, the operation and the DICOM status;
 * it never contains patient data.
 */
public class DicomNetworkException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String node;
    private final Operation operation;
    private final int status;

    /**
     * @param node      the peer, as {@code AET@host:port} or a URL
     * @param operation what was being done
     * @param status    the DIMSE or HTTP status, or {@link DicomStatus#NONE}
     * @param reason    why it failed, without patient data
     * @param cause     the underlying exception, or null
     */
    public DicomNetworkException(String node, Operation operation, int status, String reason, Throwable cause) {
        super(operation + " with " + node + " failed: " + reason
                + (status == DicomStatus.NONE ? "" : " [status " + DicomStatus.describe(status) + "]"), cause);
        this.node = node;
        this.operation = operation;
        this.status = status;
    }

    /** @return the peer as {@code AET@host:port} or a URL */
    public String node() {
        return node;
    }

    /** @return the operation that failed */
    public Operation operation() {
        return operation;
    }

    /** @return the DIMSE status (or HTTP status for DICOMweb), or {@link DicomStatus#NONE} */
    public int status() {
        return status;
    }
}
