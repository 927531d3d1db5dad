package org.rpb.pacs.node;

/**
 * A PACS the module needs for what the user asked (the research PACS, or the clinical PACS) could not be reached
 * or broke off the transfer. Nothing was changed; the user can try again later, and an administrator can test the
 * node on the nodes page. The message is written for the user and holds no patient data; the network failure
 * (node, operation, DICOM status) is the cause, for the log.
 */
public class ArchiveUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param archive which PACS, as the user knows it, e.g. "the research PACS"
     * @param cause   the network failure
     */
    public ArchiveUnavailableException(String archive, Throwable cause) {
        super(Character.toUpperCase(archive.charAt(0)) + archive.substring(1)
                + " did not answer: try again later, or ask an administrator to test the node", cause);
    }
}
