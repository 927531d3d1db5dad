package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.PresentationContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;
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
 * least recently used is released first), and one left unused for {@link #IDLE_RELEASE_NANOS} is released when
 * another kind is sent (a study's series of one kind after the other: an open, idle association ties up a
 * server thread in some PACS, Orthanc's among them). Files are sent from their data set's offset; instances in
 * memory are encoded onto the association as they are sent.
 */
final class PixelmedStoreSession implements StoreSession {
    /** A series rarely mixes more kinds; a study's few RT objects reuse the slots in turn. */
    private static final int MAX_OPEN = 4;
    /** Kinds sent in turn within this time (a series mixing SOP classes) keep their associations. */
    private static final long IDLE_RELEASE_NANOS = 100_000_000L;
    private static final Tag SOP_CLASS_UID = Tag.of(0x00080016);
    private static final Tag SOP_INSTANCE_UID = Tag.of(0x00080018);
    private static final DicomWriter WRITER = DicomWriter.create();

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
        final PDataWriter writer;
        final MessageHandler handler;
        int status = DicomStatus.NONE;
        String comment = "";
        /** The last C-STORE's Message ID on this association. */
        int messageId;
        /** When it was last sent on ({@link System#nanoTime()}). */
        long lastUsed = System.nanoTime();

        Open(Association association, byte pcid) {
            this.association = association;
            this.pcid = pcid;
            this.writer = new PDataWriter(association);
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
        return send(file, "file " + file.getFileName(), m.sopClassUid(), m.sopInstanceUid(), m.transferSyntaxUid(), out -> {
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(m.dataSetOffset());
                out.from(in);
            }
        });
    }

    /** Encodes the data set onto the association as it is sent: no file is written and none read back. */
    @Override
    public StoreResult.Instance store(DicomFile instance, Path scratch) throws DicomNetworkException {
        DataSet ds = instance.dataSet();
        String sopClass = ds.getString(SOP_CLASS_UID);
        String sopInstance = ds.getString(SOP_INSTANCE_UID);
        if (sopClass == null || sopClass.isBlank() || sopInstance == null || sopInstance.isBlank()) {
            return new StoreResult.Instance(scratch, sopInstance == null ? "" : sopInstance.trim(), DicomStatus.NONE,
                    "not sent: no SOP Class or SOP Instance UID");
        }
        TransferSyntax ts = instance.transferSyntax();
        return send(scratch, "instance " + sopInstance.trim(), sopClass.trim(), sopInstance.trim(), ts.uid(),
                out -> WRITER.writeDataSet(ds, ts, out));
    }

    /** Writes a data set onto the association's data stream (without ending it). */
    private interface Body {
        void writeTo(PDataWriter.DataStream out) throws IOException;
    }

    private StoreResult.Instance send(Path file, String what, String sopClass, String sopInstance, String ts, Body body)
            throws DicomNetworkException {
        List<String> kind = List.of(sopClass, ts);
        releaseIdle(kind);
        Open o = open.get(kind);
        if (o == null) {
            if (open.size() >= MAX_OPEN) {
                Iterator<Open> eldest = open.values().iterator();
                PixelmedSupport.release(eldest.next().association);
                eldest.remove();
            }
            LinkedList<PresentationContext> pcs = new LinkedList<>();
            pcs.add(new PresentationContext((byte) 1, sopClass, ts));
            Association a = PixelmedSupport.open(node, Operation.STORE, pcs, new LinkedList<>());
            try {
                o = new Open(a, a.getSuitablePresentationContextID(sopClass, ts));
            } catch (com.pixelmed.network.DicomNetworkException e) {
                PixelmedSupport.release(a);
                return new StoreResult.Instance(file, sopInstance, DicomStatus.NONE, "not sent: " + node.describe()
                        + " refused SOP class " + sopClass + " in transfer syntax " + ts);
            }
            open.put(kind, o);
        }
        try {
            o.status = DicomStatus.NONE;
            o.handler.setDone(false);
            o.association.setReceivedDataHandler(o.handler);
            o.messageId = o.messageId % 0xFFFF + 1;
            o.writer.command(o.pcid, PixelmedSupport.storeCommand(sopClass, sopInstance, o.messageId), false);
            PDataWriter.DataStream out = o.writer.data(o.pcid);
            body.writeTo(out);
            out.end();
            o.association.waitForPDataPDUsUntilHandlerReportsDone();
            o.lastUsed = System.nanoTime();
            if (o.handler.failure() != null) {
                throw o.handler.failure();
            }
        } catch (Exception e) {
            PixelmedSupport.abortQuietly(o.association);
            open.remove(kind);
            throw new DicomNetworkException(node.describe(), Operation.STORE, DicomStatus.NONE,
                    (PixelmedSupport.isTimeout(e) ? "no response in time" : "connection failed or was dropped ("
                            + e.getClass().getSimpleName() + ")") + " while sending " + what, e);
        }
        boolean stored = DicomStatus.isSuccess(o.status) || DicomStatus.isWarning(o.status);
        return new StoreResult.Instance(file, sopInstance, o.status, stored ? ""
                : "C-STORE answered " + DicomStatus.describe(o.status) + (o.comment.isEmpty() ? "" : ": " + o.comment));
    }

    /** Releases the associations of other kinds unused for {@link #IDLE_RELEASE_NANOS}, before one is opened. */
    private void releaseIdle(List<String> kind) {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<List<String>, Open>> i = open.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<List<String>, Open> e = i.next();
            if (!e.getKey().equals(kind) && now - e.getValue().lastUsed > IDLE_RELEASE_NANOS) {
                PixelmedSupport.release(e.getValue().association);
                i.remove();
            }
        }
    }

    @Override
    public void close() {
        for (Open o : open.values()) {
            PixelmedSupport.release(o.association);
        }
        open.clear();
    }
}
