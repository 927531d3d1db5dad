package org.rpb.pacs.core.net;

/**
 * Helpers for DIMSE status codes (PS3.7 Annex C). A status is kept as a plain {@code int} in the
 * project's records; this class classifies and describes it.
 */
public final class DicomStatus {
    /** Success. */
    public static final int SUCCESS = 0x0000;
    /** Matching or sub-operations are continuing. */
    public static final int PENDING = 0xFF00;
    /** Pending, some optional keys were not supported. */
    public static final int PENDING_WARNING = 0xFF01;
    /** The operation was cancelled (C-CANCEL). */
    public static final int CANCEL = 0xFE00;
    /** Sub-operations complete, one or more failures or warnings. */
    public static final int SUBOPERATIONS_WARNING = 0xB000;
    /** Move destination unknown. */
    public static final int MOVE_DESTINATION_UNKNOWN = 0xA801;
    /** Refused: out of resources (C-STORE: the instance was not kept). */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** Refused: out of resources, unable to calculate the number of matches. */
    public static final int OUT_OF_RESOURCES_MATCHES = 0xA701;
    /** Refused: out of resources, unable to perform sub-operations. */
    public static final int OUT_OF_RESOURCES_SUBOPERATIONS = 0xA702;
    /** Error: data set does not match SOP class (C-STORE) / identifier does not match SOP class (C-FIND). */
    public static final int DATA_SET_DOES_NOT_MATCH = 0xA900;
    /** Failure: unable to process. */
    public static final int UNABLE_TO_PROCESS = 0xC000;
    /** Failure: SOP class not supported. */
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    /** Failure: unrecognized operation. */
    public static final int UNRECOGNIZED_OPERATION = 0x0211;
    /** No DIMSE status exists (association-level or transport failure). */
    public static final int NONE = -1;

    private DicomStatus() {
    }

    /** @return true for 0x0000 */
    public static boolean isSuccess(int status) {
        return status == SUCCESS;
    }

    /** @return true for the pending codes 0xFF00 and 0xFF01 */
    public static boolean isPending(int status) {
        return status == PENDING || status == PENDING_WARNING;
    }

    /** @return true for warning codes (0x0001, 0x0107, 0x0116, 0xBxxx) */
    public static boolean isWarning(int status) {
        return status == 0x0001 || status == 0x0107 || status == 0x0116 || (status & 0xF000) == 0xB000;
    }

    /** @return true for 0xFE00 */
    public static boolean isCancel(int status) {
        return status == CANCEL;
    }

    /** @return true when the status is none of success, pending, warning or cancel */
    public static boolean isFailure(int status) {
        return !isSuccess(status) && !isPending(status) && !isWarning(status) && !isCancel(status);
    }

    /**
     * Describes a status for messages, e.g. {@code 0xA801 (failure: move destination unknown)}.
     *
     * @param status a DIMSE status, or {@link #NONE}
     * @return a short text naming the code and its class
     */
    public static String describe(int status) {
        if (status == NONE) {
            return "no DIMSE status";
        }
        String hex = String.format("0x%04X", status);
        String meaning;
        switch (status) {
            case SUCCESS: meaning = "success"; break;
            case PENDING: case PENDING_WARNING: meaning = "pending"; break;
            case CANCEL: meaning = "cancelled"; break;
            case SUBOPERATIONS_WARNING: meaning = "warning: sub-operations complete, one or more failures"; break;
            case MOVE_DESTINATION_UNKNOWN: meaning = "failure: move destination unknown"; break;
            case OUT_OF_RESOURCES: meaning = "failure: out of resources"; break;
            case OUT_OF_RESOURCES_MATCHES: meaning = "failure: out of resources, unable to calculate number of matches"; break;
            case OUT_OF_RESOURCES_SUBOPERATIONS: meaning = "failure: out of resources, unable to perform sub-operations"; break;
            case DATA_SET_DOES_NOT_MATCH: meaning = "failure: identifier does not match SOP class"; break;
            case UNABLE_TO_PROCESS: meaning = "failure: unable to process"; break;
            case SOP_CLASS_NOT_SUPPORTED: meaning = "failure: SOP class not supported"; break;
            case UNRECOGNIZED_OPERATION: meaning = "failure: unrecognized operation"; break;
            default:
                meaning = isWarning(status) ? "warning" : "failure";
        }
        return hex + " (" + meaning + ")";
    }
}
