package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.CEchoRequestCommandMessage;
import com.pixelmed.network.CFindRequestCommandMessage;
import com.pixelmed.network.CGetRequestCommandMessage;
import com.pixelmed.network.CMoveRequestCommandMessage;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.SCUSCPRoleSelection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.Expectation;
import org.rpb.pacs.core.net.FindMatch;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.InstanceCheck;
import org.rpb.pacs.core.net.MoveProgress;
import org.rpb.pacs.core.net.Operation;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.Part10Meta;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.net.RetrieveResult;
import org.rpb.pacs.core.net.StoreResult;

/** {@link DimseClient} on PixelMed's association layer, with the DIMSE exchanges driven by our code. */
public final class PixelmedDimseClient implements DimseClient {

    /** Transfer syntaxes proposed for C-GET, each in its own context so that data arrives as encoded. */
    static final List<String> GET_COMPRESSED_SYNTAXES = List.of(
            "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
            "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
            "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.1.99");

    /**
     * Storage SOP classes accepted by C-GET when the caller names none: the images of a
     * radiotherapy study and its RT objects (Structure Set, Plan, Dose, Image).
     */
    static final List<String> DEFAULT_GET_SOP_CLASSES = List.of(
            "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.7",
            "1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.6.1",
            "1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.20", "1.2.840.10008.5.1.4.1.1.12.1",
            "1.2.840.10008.5.1.4.1.1.481.2", "1.2.840.10008.5.1.4.1.1.481.1", "1.2.840.10008.5.1.4.1.1.481.3",
            "1.2.840.10008.5.1.4.1.1.481.5");

    /**
     * Storage classes without pixel data among the defaults (RT Structure Set, RT Plan): no image
     * compression applies to them, so they get the uncompressed context only, which keeps the
     * default list within 128 contexts.
     */
    private static final Set<String> WITHOUT_PIXEL_DATA = Set.of("1.2.840.10008.5.1.4.1.1.481.3", "1.2.840.10008.5.1.4.1.1.481.5",
            "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.5.1.4.1.1.88.33",
            "1.2.840.10008.5.1.4.1.1.66", "1.2.840.10008.5.1.4.1.1.66.1", "1.2.840.10008.5.1.4.1.1.11.1",
            "1.2.840.10008.5.1.4.1.1.481.4", "1.2.840.10008.5.1.4.1.1.481.6", "1.2.840.10008.5.1.4.1.1.481.7",
            "1.2.840.10008.5.1.4.1.1.481.8", "1.2.840.10008.5.1.4.1.1.481.9", "1.2.840.10008.5.1.4.1.1.104.1");

    /** Presentation context IDs are odd numbers 1..255: at most 128 per association. */
    private static final int MAX_CONTEXTS = 128;

    private final PacsNode node;

    /** @param node the node to talk to */
    public PixelmedDimseClient(PacsNode node) {
        this.node = node;
    }

    @Override
    public PacsNode node() {
        return node;
    }

    private DicomNetworkException fail(Operation op, int status, String reason, Throwable cause) {
        return new DicomNetworkException(node.describe(), op, status, reason, cause);
    }

    @Override
    public void echo() throws DicomNetworkException {
        LinkedList<PresentationContext> pcs = new LinkedList<>();
        pcs.add(new PresentationContext((byte) 1, PixelmedSupport.VERIFICATION, PixelmedSupport.IMPLICIT_LE));
        int status = onAssociation(Operation.ECHO, pcs, new LinkedList<>(), a -> {
            int[] st = {DicomStatus.NONE};
            byte pcid = a.getSuitablePresentationContextID(PixelmedSupport.VERIFICATION);
            MessageHandler h = new MessageHandler(new ResponsesOnly() {
                @Override
                public boolean message(byte id, AttributeList cmd, byte[] data) {
                    st[0] = PixelmedSupport.intValue(cmd, TagFromName.Status, DicomStatus.NONE);
                    return true;
                }
            });
            exchange(a, Operation.ECHO, h, pcid, new CEchoRequestCommandMessage().getBytes(), null, -1, null);
            return st[0];
        }, () -> "");
        if (!DicomStatus.isSuccess(status)) {
            throw fail(Operation.ECHO, status, "C-ECHO answered with a non-success status", null);
        }
    }

    @Override
    public int find(FindQuery query, Consumer<FindMatch> sink, CancelToken cancel) throws DicomNetworkException {
        String sop = query.level() == QueryLevel.PATIENT ? PixelmedSupport.PATIENT_ROOT_FIND : PixelmedSupport.STUDY_ROOT_FIND;
        String[] comment = {""};
        int status = onAssociation(Operation.FIND, queryContexts(sop), new LinkedList<>(), a -> {
            int[] st = {DicomStatus.NONE};
            byte pcid = a.getSuitablePresentationContextID(sop);
            String ts = a.getTransferSyntaxForPresentationContextID(pcid);
            CFindRequestCommandMessage rq = new CFindRequestCommandMessage(sop);
            MessageHandler h = new MessageHandler(new ResponsesOnly() {
                @Override
                public boolean message(byte id, AttributeList cmd, byte[] data) throws Exception {
                    int s = PixelmedSupport.intValue(cmd, TagFromName.Status, DicomStatus.NONE);
                    if (data != null && DicomStatus.isPending(s)) {
                        sink.accept(PixelmedSupport.match(query, data, a.getTransferSyntaxForPresentationContextID(id)));
                    }
                    if (DicomStatus.isPending(s)) {
                        return false;
                    }
                    st[0] = s;
                    comment[0] = PixelmedSupport.stringValue(cmd, TagFromName.ErrorComment);
                    return true;
                }
            });
            exchange(a, Operation.FIND, h, pcid, rq.getBytes(), PixelmedSupport.identifier(query, false, ts), rq.getMessageID(), cancel);
            return st[0];
        }, () -> "");
        if (!DicomStatus.isSuccess(status) && !DicomStatus.isCancel(status)) {
            throw fail(Operation.FIND, status, "C-FIND at " + query.level() + " level failed"
                    + (comment[0].isEmpty() ? "" : ": " + comment[0]), null);
        }
        return status;
    }

    @Override
    public RetrieveResult move(FindQuery query, String destination, Consumer<MoveProgress> progress, CancelToken cancel)
            throws DicomNetworkException {
        return move(query, destination, null, progress, cancel);
    }

    @Override
    public RetrieveResult move(FindQuery query, String destination, Expectation expectation, Consumer<MoveProgress> progress,
                               CancelToken cancel) throws DicomNetworkException {
        if (expectation != null && !node.callingAeTitle().equals(expectation.moveOriginatorAeTitle())) {
            throw new IllegalArgumentException("expectation '" + expectation.label() + "' expects move originator "
                    + expectation.moveOriginatorAeTitle() + ", but this client calls as " + node.callingAeTitle());
        }
        if (expectation != null && expectation.moveMessageId() < 0) {
            throw new IllegalStateException("expectation '" + expectation.label() + "' has no Message ID: register it with the receiver first");
        }
        PacsNode.validateAeTitle(destination, "move destination");
        requireRetrieveLevel(query);
        String sop = PixelmedSupport.STUDY_ROOT_MOVE;
        Counts counts = onAssociation(Operation.MOVE, queryContexts(sop), new LinkedList<>(), new Counts(), (a, c) -> {
            byte pcid = a.getSuitablePresentationContextID(sop);
            String ts = a.getTransferSyntaxForPresentationContextID(pcid);
            CMoveRequestCommandMessage rq = new CMoveRequestCommandMessage(sop, destination);
            // with an expectation, the Message ID its receiver chose; the sub-operations carry it back
            int messageId = expectation != null ? expectation.moveMessageId() : rq.getMessageID();
            byte[] command = expectation != null ? PixelmedSupport.moveCommand(sop, messageId, destination) : rq.getBytes();
            MessageHandler h = new MessageHandler(new ResponsesOnly() {
                @Override
                public boolean message(byte id, AttributeList cmd, byte[] data) {
                    return c.update(cmd, progress);
                }
            });
            exchange(a, Operation.MOVE, h, pcid, command, PixelmedSupport.identifier(query, true, ts), messageId, cancel);
            c.cancelled = c.cancelled || cancel.isCancelled();
        });
        if (DicomStatus.isFailure(counts.status)) {
            throw fail(Operation.MOVE, counts.status, "C-MOVE to destination " + destination + " failed"
                    + (counts.comment.isEmpty() ? "" : ": " + counts.comment) + counts.soFar(), null);
        }
        return new RetrieveResult(node.describe(), Operation.MOVE, counts.status, counts.completed, counts.failed,
                counts.warning, counts.cancelled, List.of());
    }

    @Override
    public RetrieveResult get(FindQuery query, Set<String> sopClassUids, Path targetFolder, Consumer<MoveProgress> progress,
                              CancelToken cancel) throws DicomNetworkException {
        requireRetrieveLevel(query);
        List<String> classes = new ArrayList<>(sopClassUids.isEmpty() ? DEFAULT_GET_SOP_CLASSES : new LinkedHashSet<>(sopClassUids));
        int perClass = 1 + GET_COMPRESSED_SYNTAXES.size();
        int needed = 1 + classes.stream().mapToInt(c -> WITHOUT_PIXEL_DATA.contains(c) ? 1 : perClass).sum();
        if (needed > MAX_CONTEXTS) {
            throw new IllegalArgumentException("C-GET with " + classes.size() + " SOP classes needs " + needed
                    + " presentation contexts, more than " + MAX_CONTEXTS + "; at most " + (MAX_CONTEXTS - 1) / perClass
                    + " image classes are possible");
        }
        LinkedList<PresentationContext> pcs = queryContexts(PixelmedSupport.STUDY_ROOT_GET);
        LinkedList<SCUSCPRoleSelection> roles = new LinkedList<>();
        byte id = 3;
        for (String cls : classes) {
            LinkedList<String> uncompressed = new LinkedList<>(List.of(PixelmedSupport.EXPLICIT_LE, PixelmedSupport.IMPLICIT_LE));
            pcs.add(new PresentationContext(id, cls, uncompressed));
            id += 2;
            for (String ts : WITHOUT_PIXEL_DATA.contains(cls) ? List.<String>of() : GET_COMPRESSED_SYNTAXES) {
                pcs.add(new PresentationContext(id, cls, ts));
                id += 2;
            }
            roles.add(new SCUSCPRoleSelection(cls, false, true));
        }
        Path incoming;
        try {
            Files.createDirectories(targetFolder);
            incoming = Files.createTempDirectory(targetFolder, ".get-");
        } catch (IOException e) {
            throw fail(Operation.GET, DicomStatus.NONE, "cannot create folder " + targetFolder + ": " + e.getMessage(), e);
        }
        List<Path> files = Collections.synchronizedList(new ArrayList<>());
        Counts counts;
        try {
            counts = onAssociation(Operation.GET, pcs, roles, new Counts(), (a, c) -> {
                byte pcid = a.getSuitablePresentationContextID(PixelmedSupport.STUDY_ROOT_GET);
                String ts = a.getTransferSyntaxForPresentationContextID(pcid);
                CGetRequestCommandMessage rq = new CGetRequestCommandMessage(PixelmedSupport.STUDY_ROOT_GET);
                MessageHandler h = new MessageHandler(new MessageHandler.Listener() {
                    @Override
                    public boolean message(byte id, AttributeList cmd, byte[] data) {
                        return c.update(cmd, progress);
                    }

                    @Override
                    public MessageHandler.DataSink storeRequest(byte storePcid, AttributeList cmd) throws Exception {
                        return new GetStoreSink(a, storePcid, cmd, incoming, targetFolder, files);
                    }
                });
                exchange(a, Operation.GET, h, pcid, rq.getBytes(), PixelmedSupport.identifier(query, true, ts), rq.getMessageID(), cancel);
                c.cancelled = c.cancelled || cancel.isCancelled();
            });
        } finally {
            FileTrees.deleteQuietly(incoming); // a leftover temporary file is never taken for a complete one
        }
        if (DicomStatus.isFailure(counts.status)) {
            throw fail(Operation.GET, counts.status, "C-GET failed" + (counts.comment.isEmpty() ? "" : ": " + counts.comment)
                    + counts.soFar(), null);
        }
        return new RetrieveResult(node.describe(), Operation.GET, counts.status, counts.completed, counts.failed,
                counts.warning, counts.cancelled, files);
    }

    @Override
    public StoreResult store(Collection<Path> files) throws DicomNetworkException {
        List<StoreResult.Instance> outcomes = new ArrayList<>(Collections.nCopies(files.size(), null));
        List<Path> fileList = new ArrayList<>(files);
        // group files by (SOP class, transfer syntax): one presentation context each, as encoded
        Map<List<String>, List<Integer>> byContext = new LinkedHashMap<>();
        List<Outgoing> metas = new ArrayList<>(Collections.nCopies(fileList.size(), null));
        for (int i = 0; i < fileList.size(); i++) {
            try {
                Outgoing m = Outgoing.of(fileList.get(i));
                metas.set(i, m);
                byContext.computeIfAbsent(List.of(m.sopClassUid(), m.transferSyntaxUid()), k -> new ArrayList<>()).add(i);
            } catch (IOException e) {
                outcomes.set(i, new StoreResult.Instance(fileList.get(i), "", DicomStatus.NONE, "not sent: " + e.getMessage()));
            }
        }
        List<List<String>> keys = new ArrayList<>(byContext.keySet());
        for (int start = 0; start < keys.size(); start += MAX_CONTEXTS) {
            List<List<String>> batch = keys.subList(start, Math.min(keys.size(), start + MAX_CONTEXTS));
            LinkedList<PresentationContext> pcs = new LinkedList<>();
            byte id = 1;
            for (List<String> k : batch) {
                pcs.add(new PresentationContext(id, k.get(0), k.get(1)));
                id += 2;
            }
            List<Integer> indexes = new ArrayList<>();
            batch.forEach(k -> indexes.addAll(byContext.get(k)));
            Collections.sort(indexes);
            storeBatch(pcs, indexes, fileList, metas, outcomes);
        }
        return new StoreResult(node.describe(), outcomes);
    }

    @Override
    public org.rpb.pacs.core.net.StoreSession openStore() {
        return new PixelmedStoreSession(node);
    }

    private void storeBatch(LinkedList<PresentationContext> pcs, List<Integer> indexes, List<Path> files,
                            List<Outgoing> metas, List<StoreResult.Instance> outcomes) throws DicomNetworkException {
        int[] sent = {0};
        Path[] current = {null};
        Supplier<String> soFar = () -> " while sending instance " + (sent[0] + 1) + " of " + indexes.size() + " (file "
                + (current[0] == null ? "?" : current[0].getFileName()) + "); "
                + outcomes.stream().filter(o -> o != null && o.stored()).count() + " stored before";
        onAssociation(Operation.STORE, pcs, new LinkedList<>(), a -> {
            PDataWriter writer = new PDataWriter(a);
            int[] status = {DicomStatus.NONE};
            String[] comment = {""};
            MessageHandler h = new MessageHandler(new ResponsesOnly() {
                @Override
                public boolean message(byte id, AttributeList cmd, byte[] data) {
                    status[0] = PixelmedSupport.intValue(cmd, TagFromName.Status, DicomStatus.NONE);
                    comment[0] = PixelmedSupport.stringValue(cmd, TagFromName.ErrorComment);
                    return true;
                }
            });
            for (int i : indexes) {
                Outgoing m = metas.get(i);
                Path f = files.get(i);
                current[0] = f;
                byte pcid;
                try {
                    pcid = a.getSuitablePresentationContextID(m.sopClassUid(), m.transferSyntaxUid());
                } catch (com.pixelmed.network.DicomNetworkException e) {
                    outcomes.set(i, new StoreResult.Instance(f, m.sopInstanceUid(), DicomStatus.NONE,
                            "not sent: " + node.describe() + " refused SOP class " + m.sopClassUid() + " in transfer syntax " + m.transferSyntaxUid()));
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    in.skipNBytes(m.dataSetOffset());
                    h.setDone(false);
                    a.setReceivedDataHandler(h);
                    writer.command(pcid, PixelmedSupport.storeCommand(m.sopClassUid(), m.sopInstanceUid(), i % 0xFFFF + 1), false);
                    PDataWriter.DataStream out = writer.data(pcid);
                    out.from(in);
                    out.end();
                    a.waitForPDataPDUsUntilHandlerReportsDone();
                } catch (Exception e) {
                    for (int j : indexes) {
                        if (outcomes.get(j) == null) {
                            outcomes.set(j, new StoreResult.Instance(files.get(j), metas.get(j).sopInstanceUid(), DicomStatus.NONE,
                                    "not stored: association broke"));
                        }
                    }
                    throw e;
                }
                outcomes.set(i, new StoreResult.Instance(f, m.sopInstanceUid(), status[0],
                        DicomStatus.isSuccess(status[0]) || DicomStatus.isWarning(status[0]) ? ""
                                : "C-STORE answered " + DicomStatus.describe(status[0]) + (comment[0].isEmpty() ? "" : ": " + comment[0])));
                sent[0]++;
            }
            return null;
        }, soFar);
    }

    /** What runs on an open association; its result is what the operation checks after the release. */
    @FunctionalInterface
    private interface Exchange<T> {
        T run(Association a) throws Exception;
    }

    /** An exchange that fills a state object (sub-operation counts) rather than returning a result. */
    @FunctionalInterface
    private interface Filling<T> {
        void run(Association a, T state) throws Exception;
    }

    /**
     * The one association template of every operation: opens the association, runs the exchange, aborts it
     * on any failure (reported as a {@link DicomNetworkException} naming the node, the operation and
     * {@code soFar}) and releases it after success. The caller maps the DIMSE status it returns.
     */
    private <T> T onAssociation(Operation op, LinkedList<PresentationContext> contexts,
                                LinkedList<SCUSCPRoleSelection> roles, Exchange<T> exchange, Supplier<String> soFar)
            throws DicomNetworkException {
        Association a = PixelmedSupport.open(node, op, contexts, roles);
        T result;
        try {
            result = exchange.run(a);
        } catch (DicomNetworkException e) {
            // raised by exchange(), which aborted the association already (timeouts)
            throw e;
        } catch (Exception e) {
            PixelmedSupport.abortQuietly(a);
            throw fail(op, DicomStatus.NONE, describe(e) + soFar.get(), e);
        }
        PixelmedSupport.release(a);
        return result;
    }

    /** {@link #onAssociation} for C-MOVE and C-GET: the counts so far go into the failure message. */
    private Counts onAssociation(Operation op, LinkedList<PresentationContext> contexts,
                                 LinkedList<SCUSCPRoleSelection> roles, Counts counts, Filling<Counts> exchange)
            throws DicomNetworkException {
        return onAssociation(op, contexts, roles, a -> {
            exchange.run(a, counts);
            return counts;
        }, counts::soFar);
    }

    /**
     * What a C-STORE sends of a file: the SOP Class and Instance UID of the data set (as dcmtk's storescu does:
     * a file meta information naming another instance does not matter), its transfer syntax (guessed for a bare
     * data set as the codec reads it) and where its bytes start. Read with the codec up to the pixel data, so a
     * damaged header is refused before anything is sent.
     */
    record Outgoing(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, long dataSetOffset) {
        /** One reader for every file (thread-safe): its read buffers are pooled, not allocated per file. */
        private static final DicomReader READER = DicomReader.create();

        static Outgoing of(Path file) throws IOException {
            DicomFile f = READER.readUpToPixelData(file);
            String cls = uid(f.dataSet(), Tags.SOPClassUID, f.fileMeta(), Tags.MediaStorageSOPClassUID);
            String inst = uid(f.dataSet(), Tags.SOPInstanceUID, f.fileMeta(), Tags.MediaStorageSOPInstanceUID);
            if (cls.isEmpty() || inst.isEmpty()) {
                throw new IOException(file + ": no " + (cls.isEmpty() ? "SOP Class UID (0008,0016)" : "SOP Instance UID (0008,0018)")
                        + " in the data set or the file meta information");
            }
            return new Outgoing(cls, inst, f.transferSyntax().uid(), f.dataSetOffset());
        }

        private static String uid(DataSet ds, Tag tag, DataSet meta, Tag metaTag) {
            String v = ds.getString(tag);
            if (v == null || v.isBlank()) {
                v = meta.getString(metaTag);
            }
            return v == null ? "" : v.trim();
        }
    }

    /** Sends a request and waits for the final response; handles caller cancel and timeouts with C-CANCEL. */
    private void exchange(Association a, Operation op, MessageHandler h, byte pcid, byte[] command, byte[] data,
                          int messageId, CancelToken cancel) throws Exception {
        a.setReceivedDataHandler(h);
        // on a timeout the socket must still be open for C-CANCEL and A-ABORT: PixelMed closes it as soon as it sees the timeout
        PixelmedSupport.onReadTimeout(a, () -> {
            if (messageId >= 0) {
                sendCancel(a, pcid, messageId);
            }
            PixelmedSupport.abortQuietly(a);
        });
        a.send(pcid, command, data);
        if (cancel != null) {
            cancel.onCancel(() -> sendCancel(a, pcid, messageId));
        }
        try {
            a.waitForPDataPDUsUntilHandlerReportsDone();
        } catch (Exception e) {
            if (PixelmedSupport.isTimeout(e)) {
                PixelmedSupport.abortQuietly(a);
                throw fail(op, DicomStatus.NONE, "no response within " + node.responseTimeout().toSeconds()
                        + " s" + (messageId >= 0 ? "; sent C-CANCEL and aborted the association" : "; aborted the association"), e);
            }
            throw e;
        } finally {
            PixelmedSupport.onReadTimeout(a, null);
        }
        if (h.failure() != null) {
            throw h.failure();
        }
    }

    private static void sendCancel(Association a, byte pcid, int messageId) {
        try {
            synchronized (a) {
                a.send(pcid, PixelmedSupport.cancelCommand(messageId), null);
            }
        } catch (Exception ignored) {
            // the association is already gone; the waiting thread reports that
        }
    }

    private static void requireRetrieveLevel(FindQuery q) {
        if (q.level() == QueryLevel.PATIENT) {
            throw new IllegalArgumentException("retrieve needs STUDY, SERIES or IMAGE level (Study Root)");
        }
    }

    private static LinkedList<PresentationContext> queryContexts(String sop) {
        LinkedList<PresentationContext> pcs = new LinkedList<>();
        LinkedList<String> ts = new LinkedList<>(List.of(PixelmedSupport.EXPLICIT_LE, PixelmedSupport.IMPLICIT_LE));
        pcs.add(new PresentationContext((byte) 1, sop, ts));
        return pcs;
    }

    private static String describe(Exception e) {
        if (PixelmedSupport.isTimeout(e)) {
            return "no response in time";
        }
        String m = e.getMessage();
        return "connection failed or was dropped (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")";
    }

    /** A listener for exchanges where the peer never sends C-STORE requests. */
    private abstract static class ResponsesOnly implements MessageHandler.Listener {
        @Override
        public MessageHandler.DataSink storeRequest(byte pcid, AttributeList command) throws Exception {
            throw new IOException("unexpected C-STORE request on this association");
        }
    }

    /** Sub-operation counts of C-MOVE / C-GET responses. */
    private static final class Counts {
        int status = DicomStatus.NONE;
        int completed;
        int failed;
        int warning;
        boolean cancelled;
        String comment = "";

        boolean update(AttributeList cmd, Consumer<MoveProgress> progress) {
            int st = PixelmedSupport.intValue(cmd, TagFromName.Status, DicomStatus.NONE);
            int remaining = PixelmedSupport.intValue(cmd, TagFromName.NumberOfRemainingSuboperations, -1);
            completed = PixelmedSupport.intValue(cmd, TagFromName.NumberOfCompletedSuboperations, completed);
            failed = PixelmedSupport.intValue(cmd, TagFromName.NumberOfFailedSuboperations, failed);
            warning = PixelmedSupport.intValue(cmd, TagFromName.NumberOfWarningSuboperations, warning);
            progress.accept(new MoveProgress(remaining, completed, failed, warning, st));
            if (DicomStatus.isPending(st)) {
                return false;
            }
            status = st;
            cancelled = DicomStatus.isCancel(st);
            comment = PixelmedSupport.stringValue(cmd, TagFromName.ErrorComment);
            return true;
        }

        String soFar() {
            return " (completed " + completed + ", failed " + failed + ", warning " + warning + ")";
        }
    }

    /** Streams one C-STORE sub-operation of a C-GET to a temporary file, checks it, renames it, answers. */
    private static final class GetStoreSink implements MessageHandler.DataSink {
        private final Association association;
        private final byte pcid;
        private final String sopClass;
        private final String sopInstance;
        private final int messageId;
        private final Path temp;
        private final Path targetFolder;
        private final List<Path> files;
        private final OutputStream out;

        GetStoreSink(Association a, byte pcid, AttributeList cmd, Path incoming, Path targetFolder, List<Path> files)
                throws Exception {
            this.association = a;
            this.pcid = pcid;
            this.sopClass = PixelmedSupport.stringValue(cmd, TagFromName.AffectedSOPClassUID);
            this.sopInstance = PixelmedSupport.stringValue(cmd, TagFromName.AffectedSOPInstanceUID);
            this.messageId = PixelmedSupport.intValue(cmd, TagFromName.MessageID, 0);
            this.targetFolder = targetFolder;
            this.files = files;
            this.temp = incoming.resolve(UUID.randomUUID() + ".part");
            this.out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 65536);
            Part10Meta.write(out, sopClass, sopInstance, a.getTransferSyntaxForPresentationContextID(pcid), a.getCalledAETitle());
        }

        @Override
        public void write(byte[] fragment) throws IOException {
            out.write(fragment);
        }

        @Override
        public boolean complete() throws Exception {
            out.close();
            int status = DicomStatus.SUCCESS;
            try {
                InstanceCheck.Header h = InstanceCheck.check(temp);
                if (!h.sopInstanceUid().equals(sopInstance)) {
                    throw new IOException("SOP Instance UID in the data set differs from the C-STORE request");
                }
                Path target = targetFolder.resolve(InstanceCheck.fileName(sopInstance));
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                files.add(target);
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                status = DicomStatus.UNABLE_TO_PROCESS;
            }
            byte[] rsp = PixelmedSupport.storeResponse(sopClass, sopInstance, messageId, status);
            synchronized (association) {
                PixelmedSupport.sendCommand(association, pcid, rsp);
            }
            return false;
        }
    }
}
