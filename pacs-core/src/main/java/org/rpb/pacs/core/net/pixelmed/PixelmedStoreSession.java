package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.PresentationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.Operation;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.Part10Meta;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StoreSession;

/**
 * {@link StoreSession} on PixelMed: one association per (SOP class, transfer syntax) met, each proposing
 * that one context, kept open for later files of the same kind; at most {@link #MAX_OPEN} at once (the
 * least recently used is released first).
 */
final class PixelmedStoreSession implements StoreSession {
    /** A series rarely mixes more kinds; a study's few RT objects reuse the slots in turn. */
    private static final int MAX_OPEN = 4;

    private final PacsNode node;
    /** Open associations by (SOP class, transfer syntax), in access order. */
    private final Map<List<String>, Open> open = new LinkedHashMap<>(8, 0.75f, true);

    PixelmedStoreSession(PacsNode node) {
        this.node = node;
    }

    /** An association with the response handler that keeps the last C-STORE response. */
    private static final class Open {
        final Association association;
        final byte pcid;
        final MessageHandler handler;
        int status = DicomStatus.NONE;
        String comment = "";

        Open(Association association, byte pcid) {
            this.association = association;
            this.pcid = pcid;
            this.handler = new MessageHandler(new MessageHandler.Listener() {
                @Override
                public boolean message(byte id, AttributeList cmd, byte[] data) {
                    status = PixelmedSupport.intValue(cmd, TagFromName.Status, DicomStatus.NONE);
                    comment = PixelmedSupport.stringValue(cmd, TagFromName.ErrorComment);
                    return true;
                }

                @Override
                public MessageHandler.DataSink storeRequest(byte id, AttributeList command) throws Exception {
                    throw new IOException("unexpected C-STORE request on a storage association");
                }
            });
        }
    }

    @Override
    public StoreResult.Instance store(Path file) throws DicomNetworkException {
        Part10Meta m;
        try {
            m = Part10Meta.read(file);
        } catch (IOException e) {
            return new StoreResult.Instance(file, "", DicomStatus.NONE, "not sent: " + e.getMessage());
        }
        List<String> kind = List.of(m.sopClassUid(), m.transferSyntaxUid());
        Open o = open.get(kind);
        if (o == null) {
            if (open.size() >= MAX_OPEN) {
                Iterator<Open> eldest = open.values().iterator();
                PixelmedSupport.release(eldest.next().association);
                eldest.remove();
            }
            LinkedList<PresentationContext> pcs = new LinkedList<>();
            pcs.add(new PresentationContext((byte) 1, m.sopClassUid(), m.transferSyntaxUid()));
            Association a = PixelmedSupport.open(node, Operation.STORE, pcs, new LinkedList<>());
            try {
                o = new Open(a, a.getSuitablePresentationContextID(m.sopClassUid(), m.transferSyntaxUid()));
            } catch (com.pixelmed.network.DicomNetworkException e) {
                PixelmedSupport.release(a);
                return new StoreResult.Instance(file, m.sopInstanceUid(), DicomStatus.NONE, "not sent: " + node.describe()
                        + " refused SOP class " + m.sopClassUid() + " in transfer syntax " + m.transferSyntaxUid());
            }
            open.put(kind, o);
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(m.dataSetOffset());
            CStoreRequestCommandMessage rq = new CStoreRequestCommandMessage(m.sopClassUid(), m.sopInstanceUid());
            o.status = DicomStatus.NONE;
            o.handler.setDone(false);
            o.association.setReceivedDataHandler(o.handler);
            o.association.send(o.pcid, rq.getBytes(), null);
            try (OutputStream out = o.association.getAssociationOutputStream(o.pcid)) {
                in.transferTo(out);
            }
            o.association.waitForPDataPDUsUntilHandlerReportsDone();
            if (o.handler.failure() != null) {
                throw o.handler.failure();
            }
        } catch (Exception e) {
            PixelmedSupport.abortQuietly(o.association);
            open.remove(kind);
            throw new DicomNetworkException(node.describe(), Operation.STORE, DicomStatus.NONE,
                    (PixelmedSupport.isTimeout(e) ? "no response in time" : "connection failed or was dropped ("
                            + e.getClass().getSimpleName() + ")") + " while sending file " + file.getFileName(), e);
        }
        boolean stored = DicomStatus.isSuccess(o.status) || DicomStatus.isWarning(o.status);
        return new StoreResult.Instance(file, m.sopInstanceUid(), o.status, stored ? ""
                : "C-STORE answered " + DicomStatus.describe(o.status) + (o.comment.isEmpty() ? "" : ": " + o.comment));
    }

    @Override
    public void close() {
        for (Open o : open.values()) {
            PixelmedSupport.release(o.association);
        }
        open.clear();
    }
}
