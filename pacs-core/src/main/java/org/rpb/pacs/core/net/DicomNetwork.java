package org.rpb.pacs.core.net;

import org.rpb.pacs.core.net.dicomweb.DicomWebClient;
import org.rpb.pacs.core.net.pixelmed.PixelmedDimseClient;
import org.rpb.pacs.core.net.pixelmed.PixelmedStoreReceiver;

/**
 * Entry point of the DICOM network library: builds DIMSE clients, C-STORE receivers and DICOMweb
 * clients from the project's configuration types. The DIMSE implementation is PixelMed, confined to
 * {@code org.rpb.pacs.core.net.pixelmed}; callers only see the interfaces of this package.
 */
public final class DicomNetwork {
    private DicomNetwork() {
    }

    /**
     * @param node the remote node
     * @return a DIMSE client for it (thread-safe; one association per call)
     */
    public static DimseClient dimse(PacsNode node) {
        return new PixelmedDimseClient(node);
    }

    /**
     * @param config the receiver configuration
     * @return a receiver, not yet started
     */
    public static StoreReceiver receiver(ReceiverConfig config) {
        return new PixelmedStoreReceiver(config);
    }

    /**
     * @param node a node with a DICOMweb base URL
     * @return a DICOMweb client
     * @throws IllegalArgumentException if the node has no DICOMweb URL
     */
    public static DicomWebClient dicomWeb(PacsNode node) {
        return new DicomWebClient(node);
    }
}
