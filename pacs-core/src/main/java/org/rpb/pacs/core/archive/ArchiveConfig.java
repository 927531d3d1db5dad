package org.rpb.pacs.core.archive;

import java.util.Objects;
import org.rpb.pacs.core.net.PacsNode;

/**
 * Which research archive and how to talk to it.
 *
 * @param node     the archive node (for DICOMweb it must have a DICOMweb base URL)
 * @param protocol DIMSE or DICOMweb
 */
public record ArchiveConfig(PacsNode node, Protocol protocol) {

    /** How the archive is reached. */
    public enum Protocol {
        /** C-STORE, C-FIND, C-GET. */
        DIMSE,
        /** STOW-RS, QIDO-RS, WADO-RS. */
        DICOMWEB
    }

    /** Validates that a DICOMweb archive has a URL. */
    public ArchiveConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(protocol, "protocol");
        if (protocol == Protocol.DICOMWEB && node.dicomWeb().isEmpty()) {
            throw new IllegalArgumentException("DICOMweb archive " + node.describe() + " has no DICOMweb base URL");
        }
    }
}
