/**
 * DICOM networking behind the project's own types: {@link org.rpb.pacs.core.net.PacsNode} (a validated
 * node), {@link org.rpb.pacs.core.net.DimseClient} (C-ECHO, C-FIND, C-MOVE, C-GET, C-STORE, C-CANCEL),
 * {@link org.rpb.pacs.core.net.StoreReceiver} (C-STORE SCP on a caller-supplied executor) and the
 * DICOMweb client. The single entry point is {@link org.rpb.pacs.core.net.DicomNetwork}.
 *
 * <p>The DIMSE implementation lives in {@code org.rpb.pacs.core.net.pixelmed}, the only package that
 * uses PixelMed; it guards PixelMed's traps: TCP_NODELAY on every socket, PDU headers written byte by
 * byte (buffered), the any-explicit transfer syntax policy for compressed data, minimal C-GET
 * presentation contexts, its receiver's own threads (we accept and serve connections ourselves) and
 * its 5 s wait after a release. PixelMed's de-identification is never used.
 */
package org.rpb.pacs.core.net;
