package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.PresentationContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * {@link StoreSession} on PixelMed: an association is opened for the first (SOP class, transfer syntax) met that no
 * open association accepted, proposing that context first and, in the same association, the storage classes a
 * radiotherapy study usually holds besides it ({@link #COMPANIONS}, each in that transfer syntax and in the two
 * uncompressed little endian ones), so that a study's images and its RT objects go over one association, not one each. Associations stay
 * open for later files of any kind they accepted; at most {@link #MAX_OPEN} at once (the least recently used is
 * released first). Files are sent from their data set's offset; instances in memory are encoded onto the
 * association as they are sent.
 */
final class PixelmedStoreSession implements StoreSession {
    /** Rarely more than one is needed (a study in several transfer syntaxes, or of classes not in the companions). */
    private static final int MAX_OPEN = 4;
    /**
     * Proposed with each new association besides the class met: the images and RT objects of a radiotherapy study
     * (CT, MR, PET, RT Structure Set, RT Plan, RT Dose, RT Image, Spatial Registration). A class the peer refuses is
     * only not usable on that association.
     */
    static final List<String> COMPANIONS = List.of("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4",
            "1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.481.3", "1.2.840.10008.5.1.4.1.1.481.5",
            "1.2.840.10008.5.1.4.1.1.481.2", "1.2.840.10008.5.1.4.1.1.481.1", "1.2.840.10008.5.1.4.1.1.66.1");
    /** Besides the transfer syntax met: RT objects come uncompressed, often implicit VR where the images are not. */
    private static final List<String> UNCOMPRESSED = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
    private static final Tag SOP_CLASS_UID = Tag.of(0x00080016);
    private static final Tag SOP_INSTANCE_UID = Tag.of(0x00080018);
    private static final DicomWriter WRITER = DicomWriter.create();

    private final PacsNode node;
    /** Open associations, the most recently used last. */
    private final LinkedList<Open> open = new LinkedList<>();

    PixelmedStoreSession(PacsNode node) {
        this.node = node;
    }

    /** An association with the contexts it accepted and the response handler that keeps the last C-STORE response. */
    private static final class Open {
        final Association association;
        /** Accepted presentation context IDs by (SOP class, transfer syntax). */
        final Map<List<String>, Byte> accepted;
        final PDataWriter writer;
        final MessageHandler handler;
        int status = DicomStatus.NONE;
        String comment = "";
        /** The last C-STORE's Message ID on this association. */
        int messageId;

        Open(Association association, Map<List<String>, Byte> accepted) {
            this.association = association;
            this.accepted = accepted;
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
        Open o = null;
        for (Open c : open) {
            if (c.accepted.containsKey(kind)) {
                o = c;
            }
        }
        if (o == null) {
            if (open.size() >= MAX_OPEN) {
                PixelmedSupport.release(open.removeFirst().association);
            }
            o = associate(kind);
            if (o == null) {
                return new StoreResult.Instance(file, sopInstance, DicomStatus.NONE, "not sent: " + node.describe()
                        + " refused SOP class " + sopClass + " in transfer syntax " + ts);
            }
        } else {
            open.remove(o);
        }
        open.addLast(o);
        byte pcid = o.accepted.get(kind);
        try {
            o.status = DicomStatus.NONE;
            o.handler.setDone(false);
            o.association.setReceivedDataHandler(o.handler);
            o.messageId = o.messageId % 0xFFFF + 1;
            o.writer.command(pcid, PixelmedSupport.storeCommand(sopClass, sopInstance, o.messageId), false);
            PDataWriter.DataStream out = o.writer.data(pcid);
            body.writeTo(out);
            out.end();
            o.association.waitForPDataPDUsUntilHandlerReportsDone();
            if (o.handler.failure() != null) {
                throw o.handler.failure();
            }
        } catch (Exception e) {
            PixelmedSupport.abortQuietly(o.association);
            open.remove(o);
            throw new DicomNetworkException(node.describe(), Operation.STORE, DicomStatus.NONE,
                    (PixelmedSupport.isTimeout(e) ? "no response in time" : "connection failed or was dropped ("
                            + e.getClass().getSimpleName() + ")") + " while sending " + what, e);
        }
        boolean stored = DicomStatus.isSuccess(o.status) || DicomStatus.isWarning(o.status);
        return new StoreResult.Instance(file, sopInstance, o.status, stored ? ""
                : "C-STORE answered " + DicomStatus.describe(o.status) + (o.comment.isEmpty() ? "" : ": " + o.comment));
    }

    /**
     * Opens an association proposing {@code kind} first and the companions in its transfer syntax and the uncompressed
     * little endian ones (at most 25 contexts of the 128 an association may have).
     *
     * @return it, or null if the node refused {@code kind} (the association is released then)
     * @throws DicomNetworkException if the node cannot be reached or rejects the association
     */
    private Open associate(List<String> kind) throws DicomNetworkException {
        Set<List<String>> kinds = new LinkedHashSet<>();
        kinds.add(kind);
        for (String c : COMPANIONS) {
            kinds.add(List.of(c, kind.get(1)));
        }
        for (String ts : UNCOMPRESSED) {
            for (String c : COMPANIONS) {
                kinds.add(List.of(c, ts));
            }
        }
        LinkedList<PresentationContext> pcs = new LinkedList<>();
        byte id = 1;
        for (List<String> k : kinds) {
            pcs.add(new PresentationContext(id, k.get(0), k.get(1)));
            id += 2;
        }
        Association a = PixelmedSupport.open(node, Operation.STORE, pcs, new LinkedList<>());
        Map<List<String>, Byte> accepted = new HashMap<>();
        for (List<String> k : kinds) {
            try {
                accepted.put(k, a.getSuitablePresentationContextID(k.get(0), k.get(1)));
            } catch (com.pixelmed.network.DicomNetworkException e) {
                // not accepted: instances of this kind need another association
            }
        }
        if (!accepted.containsKey(kind)) {
            PixelmedSupport.release(a);
            return null;
        }
        return new Open(a, Map.copyOf(accepted));
    }

    @Override
    public void close() {
        for (Open o : open) {
            PixelmedSupport.release(o.association);
        }
        open.clear();
    }
}
