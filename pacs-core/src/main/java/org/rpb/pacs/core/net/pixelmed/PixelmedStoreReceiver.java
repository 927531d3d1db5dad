package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CEchoResponseCommandMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.Expectation;
import org.rpb.pacs.core.net.Part10Meta;
import org.rpb.pacs.core.net.InstanceCheck;
import org.rpb.pacs.core.net.ReceivedInstance;
import org.rpb.pacs.core.net.ReceiverConfig;
import org.rpb.pacs.core.net.StoreReceiver;

/**
 * {@link StoreReceiver} that accepts connections itself, checks the calling AE title, and runs the
 * C-STORE SCP on PixelMed's association layer for each socket, on the configured executor. PixelMed's
 * own StorageSOPClassSCP is not used: it starts a thread per received file, keeps no way to answer a
 * failure status when a file fails our check, and hides the move originator of each sub-operation.
 */
public final class PixelmedStoreReceiver implements StoreReceiver {
    /** A-ASSOCIATE-RQ PDUs are small; anything larger is not a DICOM peer. */
    private static final int MAX_ASSOCIATE_RQ = 64 * 1024;
    /** Idle bound on a connection, so that a silent peer does not hold a worker for ever. */
    private static final int IDLE_TIMEOUT_MS = 120_000;

    private final ReceiverConfig config;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Expectation> expectations = new CopyOnWriteArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    /** Workers not yet finished, counted until their association's folder is deleted (close waits for them). */
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicLong counter = new AtomicLong();
    private final Path incomingRoot;
    private final StoragePresentationContextPolicy policy =
            new StoragePresentationContextPolicy(org.rpb.pacs.core.dict.StorageSopClasses.standard());
    private volatile ServerSocket server;
    private volatile boolean closed;
    /** Last Move Originator Message ID given to an expectation (1..65535, rotating). */
    private int nextMoveMessageId;

    /** @param config the configuration */
    public PixelmedStoreReceiver(ReceiverConfig config) {
        PixelmedSupport.init();
        this.config = config;
        this.incomingRoot = config.spoolFolder().resolve(".incoming");
    }

    @Override
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("receiver already started");
        }
        Files.createDirectories(incomingRoot);
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(config.bindAddress(), config.port()), 64);
        server = ss;
        try {
            config.executor().execute(this::acceptLoop);
        } catch (RejectedExecutionException e) {
            ss.close();
            throw new IOException("executor refused the accept loop of receiver " + config.aeTitle(), e);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        ServerSocket ss = server;
        if (ss == null) {
            throw new IllegalStateException("receiver not started");
        }
        return (InetSocketAddress) ss.getLocalSocketAddress();
    }

    @Override
    public String aeTitle() {
        return config.aeTitle();
    }

    @Override
    public Expectation expect(Expectation expectation) {
        if (expectation.moveOriginatorAeTitle() != null && expectation.moveMessageId() < 0) {
            expectation.bindMove(freeMoveMessageId(expectation.moveOriginatorAeTitle()));
        }
        expectations.add(expectation);
        expectation.onClose(() -> expectations.remove(expectation));
        return expectation;
    }

    /**
     * A Message ID no open expectation of the same originator holds. Chosen here rather than taken
     * from PixelMed's request counter, which is a plain static int shared by every request of the
     * process, not thread-safe and not kept within 16 bits.
     */
    private synchronized int freeMoveMessageId(String originator) {
        Set<Integer> taken = new java.util.HashSet<>();
        for (Expectation e : expectations) {
            if (originator.equals(e.moveOriginatorAeTitle())) {
                taken.add(e.moveMessageId());
            }
        }
        for (int i = 0; i < 0xFFFF; i++) {
            nextMoveMessageId = nextMoveMessageId % 0xFFFF + 1;
            if (!taken.contains(nextMoveMessageId)) {
                return nextMoveMessageId;
            }
        }
        throw new IllegalStateException("65535 moves of " + originator + " under way at once");
    }

    private void acceptLoop() {
        ServerSocket ss = server;
        while (!closed) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                config.listener().refused("", "accept failed: " + e.getMessage());
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(IDLE_TIMEOUT_MS);
            } catch (SocketException e) {
                closeQuietly(s);
                continue;
            }
            if (active.incrementAndGet() > config.maxAssociations()) {
                active.decrementAndGet();
                config.listener().refused("", "more than " + config.maxAssociations() + " simultaneous associations");
                reject(s, 2, 2, "too many simultaneous associations");
                continue;
            }
            open.add(s);
            workers.incrementAndGet();
            try {
                config.executor().execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                open.remove(s);
                workers.decrementAndGet();
                active.decrementAndGet();
                config.listener().refused("", "no worker thread available");
                reject(s, 2, 2, "no worker thread available");
            }
        }
    }

    private void serve(Socket s) {
        Path incoming = null;
        Association a = null;
        // the association stops counting against maxAssociations once it is released: PixelMed then keeps the
        // worker for its fixed release-to-close wait, which must not turn a fast sender's next association away
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable uncount = () -> {
            if (counted.getAndSet(false)) {
                active.decrementAndGet();
            }
        };
        try {
            byte[] rq = readAssociateRequest(s);
            if (rq == null) {
                return;
            }
            String called = aeAt(rq, 10);
            String calling = aeAt(rq, 26);
            if (!called.equals(config.aeTitle())) {
                config.listener().refused(calling, "called AE title '" + called + "' is not " + config.aeTitle());
                reject(s, 1, 7, "called AE title '" + called + "' is not ours");
                return;
            }
            boolean accepted;
            try {
                // C-ECHO alone reveals and stores nothing: any peer may verify the connection
                accepted = verificationOnly(rq) || config.acceptsCallingAe(calling);
            } catch (RuntimeException e) {
                config.listener().refused(calling, "the calling AE title could not be checked: " + e);
                reject(s, 2, 1, "calling AE not checked");
                return;
            }
            if (!accepted) {
                config.listener().refused(calling, "calling AE title '" + calling + "' is not among the accepted peers");
                reject(s, 1, 3, "calling AE not allowed");
                return;
            }
            // one folder per association: what a broken association leaves there is deleted below
            incoming = incomingRoot.resolve(Long.toString(counter.incrementAndGet()));
            Files.createDirectories(incoming);
            a = AssociationFactory.createNewAssociation(new ReplaySocket(s, rq, uncount), config.aeTitle(),
                    PixelmedSupport.MAX_PDU, PixelmedSupport.SOCKET_BUFFER, PixelmedSupport.SOCKET_BUFFER,
                    policy);
            PixelmedSupport.tune(a, IDLE_TIMEOUT_MS);
            ScpSession session = new ScpSession(a, calling, incoming);
            MessageHandler handler = new MessageHandler(session);
            try {
                while (!closed) {
                    handler.setDone(false);
                    a.setReceivedDataHandler(handler);
                    a.waitForPDataPDUsUntilHandlerReportsDone();
                    if (handler.failure() != null) {
                        throw handler.failure();
                    }
                }
            } catch (AReleaseException released) {
                // normal end: the peer released the association
            }
        } catch (Exception e) {
            if (!closed) {
                config.listener().refused("", "association ended with an error: " + e.getClass().getSimpleName());
            }
            // ended here: it no longer counts against maxAssociations (the peer, told by the abort, may open the next
            // one at once, while this thread still tears down)
            uncount.run();
            if (a != null) {
                // the peer learns that the association ended (A-ABORT) instead of seeing the connection drop;
                // when PixelMed already closed the transport there is nothing left to tell
                PixelmedSupport.abortQuietly(a);
            }
        } finally {
            closeQuietly(s);
            open.remove(s);
            uncount.run();
            FileTrees.deleteQuietly(incoming);
            workers.decrementAndGet();
        }
    }

    /** Reads the A-ASSOCIATE-RQ PDU; null if the peer sent something else (connection closed). */
    private byte[] readAssociateRequest(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] head = in.readNBytes(6);
        if (head.length < 6 || head[0] != 0x01) {
            return null;
        }
        long len = (head[2] & 0xFFL) << 24 | (head[3] & 0xFFL) << 16 | (head[4] & 0xFFL) << 8 | (head[5] & 0xFFL);
        if (len < 68 || len > MAX_ASSOCIATE_RQ) {
            return null;
        }
        byte[] pdu = new byte[6 + (int) len];
        System.arraycopy(head, 0, pdu, 0, 6);
        int n = in.readNBytes(pdu, 6, (int) len);
        return n < len ? null : pdu;
    }

    /** True if every presentation context of an A-ASSOCIATE-RQ proposes the Verification SOP class. */
    static boolean verificationOnly(byte[] rq) {
        int i = 74;
        int contexts = 0;
        while (i + 4 <= rq.length) {
            int type = rq[i] & 0xFF;
            int len = (rq[i + 2] & 0xFF) << 8 | (rq[i + 3] & 0xFF);
            int end = Math.min(rq.length, i + 4 + len);
            if (type == 0x20) {
                contexts++;
                for (int j = i + 8; j + 4 <= end; ) {
                    int subType = rq[j] & 0xFF;
                    int subLen = (rq[j + 2] & 0xFF) << 8 | (rq[j + 3] & 0xFF);
                    if (subType == 0x30 && !new String(rq, j + 4, Math.max(0, Math.min(subLen, end - j - 4)),
                            StandardCharsets.US_ASCII).trim().equals(PixelmedSupport.VERIFICATION)) {
                        return false;
                    }
                    j += 4 + subLen;
                }
            }
            i = end;
        }
        return contexts > 0;
    }

    private static String aeAt(byte[] pdu, int offset) {
        return new String(pdu, offset, 16, StandardCharsets.US_ASCII).trim();
    }

    /** Sends A-ASSOCIATE-RJ (result 1 permanent / 2 transient, source 1 service user, given reason) and closes. */
    private static void reject(Socket s, int result, int reason, String why) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0x03, 0, 0, 0, 0, 4, 0, (byte) result, 1, (byte) reason});
            out.flush();
        } catch (IOException ignored) {
            // the peer is gone; nothing to reject
        } finally {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing only
        }
    }

    /** @return the connections being served now (for the TCP_NODELAY guard test) */
    List<Socket> openSockets() {
        return List.copyOf(open);
    }

    @Override
    public void close() {
        closed = true;
        ServerSocket ss = server;
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // closing only
            }
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        // a released association no longer counts as active but its worker may still be deleting its folder
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (workers.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /**
     * The C-STORE SCP side of one association: our code drives the DIMSE exchange on PixelMed's
     * association layer, streaming each data set into a temporary file (no copy in memory, no thread
     * per file), checking it, renaming it and answering with a status that says whether it was kept.
     */
    private final class ScpSession implements MessageHandler.Listener {
        private static final int C_ECHO_RQ = 0x0030;
        private final Association association;
        private final String calling;
        private final Path incoming;

        ScpSession(Association association, String calling, Path incoming) {
            this.association = association;
            this.calling = calling;
            this.incoming = incoming;
        }

        @Override
        public boolean message(byte pcid, AttributeList command, byte[] dataSet) throws Exception {
            int field = PixelmedSupport.intValue(command, TagFromName.CommandField, -1);
            if (field != C_ECHO_RQ) {
                throw new IOException("unexpected DIMSE command 0x" + Integer.toHexString(field) + " on a storage association");
            }
            CEchoResponseCommandMessage rsp = new CEchoResponseCommandMessage(
                    PixelmedSupport.stringValue(command, TagFromName.AffectedSOPClassUID),
                    PixelmedSupport.intValue(command, TagFromName.MessageID, 0), DicomStatus.SUCCESS);
            association.send(pcid, rsp.getBytes(), null);
            return true;
        }

        @Override
        public MessageHandler.DataSink storeRequest(byte pcid, AttributeList command) throws Exception {
            String sopClass = PixelmedSupport.stringValue(command, TagFromName.AffectedSOPClassUID);
            String sopInstance = PixelmedSupport.stringValue(command, TagFromName.AffectedSOPInstanceUID);
            int messageId = PixelmedSupport.intValue(command, TagFromName.MessageID, 0);
            String moveOriginator = PixelmedSupport.stringValue(command, TagFromName.MoveOriginatorApplicationEntityTitle);
            int moveMessageId = PixelmedSupport.intValue(command, TagFromName.MoveOriginatorMessageID, -1);
            Path temp = incoming.resolve(counter.incrementAndGet() + ".part");
            String ts = association.getTransferSyntaxForPresentationContextID(pcid);
            // PDV fragments are already up to a PDU long: written as they come, without another buffer
            OutputStream out = Files.newOutputStream(temp);
            Part10Meta.write(out, sopClass, sopInstance, ts, calling);
            return new MessageHandler.DataSink() {
                private long received;
                private boolean tooLarge;

                @Override
                public void write(byte[] fragment) throws IOException {
                    received += fragment.length;
                    if (tooLarge) {
                        return;
                    }
                    if (received > config.maxInstanceBytes()) {
                        // the rest is read and dropped: the spool folder never holds more than the limit
                        tooLarge = true;
                        out.close();
                        deleteQuietly(temp);
                        return;
                    }
                    out.write(fragment);
                }

                @Override
                public boolean complete() throws Exception {
                    int status;
                    if (tooLarge) {
                        config.listener().refused(calling, "instance of " + received + " bytes is larger than the limit of "
                                + config.maxInstanceBytes() + " bytes; discarded");
                        status = DicomStatus.OUT_OF_RESOURCES;
                    } else {
                        out.close();
                        status = keep(temp, sopInstance, moveOriginator, moveMessageId);
                    }
                    PixelmedSupport.sendCommand(association, pcid, PixelmedSupport.storeResponse(sopClass, sopInstance, messageId, status));
                    return true;
                }
            };
        }

        /** Checks, renames and routes one instance; returns the C-STORE status to answer. */
        private int keep(Path temp, String sopInstance, String moveOriginator, int moveMessageId) {
            InstanceCheck.Header h;
            org.rpb.pacs.core.io.DicomFile parsed;
            try {
                // the parse is kept: the job that claims the instance de-identifies it without parsing it again
                InstanceCheck.Parsed p = InstanceCheck.parse(temp);
                h = p.header();
                parsed = p.file();
                if (!h.sopInstanceUid().equals(sopInstance)) {
                    throw new IOException("SOP Instance UID in the data set differs from the C-STORE request");
                }
            } catch (IOException | RuntimeException e) {
                deleteQuietly(temp);
                config.listener().refused(calling, "received instance failed the check: " + e.getMessage());
                return DicomStatus.UNABLE_TO_PROCESS;
            }
            ReceivedInstance probe = new ReceivedInstance(temp, h.sopClassUid(), h.sopInstanceUid(), h.studyInstanceUid(),
                    h.seriesInstanceUid(), h.transferSyntaxUid(), calling, config.aeTitle(), moveOriginator, moveMessageId);
            Expectation claimant = null;
            for (Expectation e : expectations) {
                if (e.matches(probe)) {
                    claimant = e;
                    break;
                }
            }
            // a claimed instance gets a name of its own: two concurrent moves of one study bring the same
            // SOP Instance UIDs, and each job moves its files away on its own time
            String name = InstanceCheck.fileName(h.sopInstanceUid());
            Path target = config.spoolFolder().resolve(claimant == null ? name : "m" + counter.incrementAndGet() + "-" + name);
            try {
                FileTrees.replaceFile(temp, target);
            } catch (IOException e) {
                deleteQuietly(temp);
                config.listener().refused(calling, "cannot move received instance into the spool folder: " + e.getMessage());
                return DicomStatus.OUT_OF_RESOURCES;
            }
            ReceivedInstance ri = new ReceivedInstance(temp, h.sopClassUid(), h.sopInstanceUid(), h.studyInstanceUid(),
                    h.seriesInstanceUid(), h.transferSyntaxUid(), calling, config.aeTitle(), moveOriginator, moveMessageId,
                    claimant == null ? null : parsed).at(target);
            if (claimant != null) {
                // a job's handler may block here to slow the sender down: answered when it returns
                try {
                    claimant.accept(ri);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0xA700;
                } catch (RuntimeException e) {
                    config.listener().refused(calling, "the job's hand-over failed: " + e);
                    return 0xA700;
                }
                return DicomStatus.SUCCESS;
            }
            try {
                config.listener().received(ri);
            } catch (RuntimeException e) {
                // the instance is safely in the spool folder; a listener failure must not fail the transfer
                config.listener().refused(calling, "listener failed: " + e);
            }
            return DicomStatus.SUCCESS;
        }

        private void deleteQuietly(Path f) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // the per-association folder is removed at the end anyway
            }
        }
    }
}
