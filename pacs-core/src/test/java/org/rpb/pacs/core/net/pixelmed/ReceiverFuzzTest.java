package org.rpb.pacs.core.net.pixelmed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.fuzz.DamagedFiles;
import org.rpb.pacs.core.io.DicomParseException;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.Operation;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.Part10Meta;
import org.rpb.pacs.core.net.ReceivedInstance;
import org.rpb.pacs.core.net.ReceiverConfig;
import org.rpb.pacs.core.net.ReceiverListener;
import org.rpb.pacs.core.net.StoreReceiver;

/**
 * The receiver on the fuzz corpus: every damaged file whose file meta information still names a SOP class and
 * transfer syntax is sent as a real C-STORE with its data set bytes exactly as they are (no client-side check, as
 * a hostile peer would), one association each, as fast as the sender goes. Each one is stored intact (only data
 * sets the codec reads), or refused with a failure status, or ended with an A-ABORT the sender sees, and each
 * refusal is reported to the listener exactly once; nothing stays in the incoming folder, and a good file is stored
 * afterwards at the first attempt.
 *
 * <p>The receiver allows only two simultaneous associations here: a sequential sender never holds more than one,
 * so a refused association would mean that released associations still count (PixelMed keeps the worker for its
 * release-to-close wait after A-RELEASE-RP; counting that wait turned fast senders away with A-ASSOCIATE-RJ, the
 * old flakiness of this test in warm JVMs).
 */
class ReceiverFuzzTest {

    @TempDir
    Path tmp;

    @Test
    void damagedDataSetsAreRefusedWithAStatusAndLeaveNothingBehind() throws Exception {
        List<DamagedFiles.Sample> samples = new ArrayList<>(DamagedFiles.attacks(tmp.resolve("attacks")));
        samples.addAll(DamagedFiles.generate(tmp.resolve("gen"), 15L, 320));
        ExecutorService executor = Executors.newCachedThreadPool();
        List<ReceivedInstance> received = new CopyOnWriteArrayList<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        Path spool = tmp.resolve("spool");
        StoreReceiver receiver = DicomNetwork.receiver(ReceiverConfig.builder().aeTitle("FUZZRECV").spoolFolder(spool)
                .maxInstanceBytes(1 << 20).maxAssociations(2).executor(executor).listener(new ReceiverListener() {
                    @Override
                    public void received(ReceivedInstance i) {
                        received.add(i);
                    }

                    @Override
                    public void refused(String callingAe, String reason) {
                        refused.add(reason);
                    }
                }).build());
        receiver.start();
        PacsNode node = PacsNode.parse("FUZZRECV@127.0.0.1:" + receiver.localAddress().getPort(), "FUZZER");
        List<String> problems = new ArrayList<>();
        int sent = 0;
        int kept = 0;
        int statuses = 0;
        int aborted = 0;
        int[] turnedAway = {0};
        try {
            for (DamagedFiles.Sample s : samples) {
                int[] reportsAt = {refused.size()};
                int receivedBefore = received.size();
                Part10Meta meta;
                try {
                    meta = Part10Meta.read(s.file());
                } catch (IOException e) {
                    continue; // the meta information itself is damaged: no peer could name what it sends
                }
                if (!meta.sopClassUid().matches("[0-9.]{1,64}") || !meta.transferSyntaxUid().matches("[0-9.]{1,64}")) {
                    continue;
                }
                sent++;
                Outcome[] last = {send(node, meta, s.file())};
                if (last[0].rejectedForTheLimit()) {
                    // on a loaded machine the two previous associations may still count (their threads ending): the
                    // receiver turns the next one away with a transient A-ASSOCIATE-RJ, as it should; sent again
                    turnedAway[0]++;
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                        reportsAt[0] = refused.size();
                        last[0] = send(node, meta, s.file());
                        if (last[0].rejectedForTheLimit()) {
                            turnedAway[0]++;
                            return false;
                        }
                        return true;
                    });
                }
                Outcome o = last[0];
                int reportsBefore = reportsAt[0];
                if (o.contextRefused()) {
                    // refused in the negotiation (no presentation context for this SOP class): the receiver reports
                    // the A-ABORT our sender then gives, after the sender has moved on
                    await().atMost(Duration.ofSeconds(10)).until(() -> refused.size() > reportsBefore);
                }
                // the receiver reports a refusal before it answers or aborts: the count is exact here
                int reports = refused.size() - reportsBefore;
                if (o.status() == DicomStatus.SUCCESS) {
                    kept++;
                    if (!readable(s.file())) {
                        problems.add(s.label() + ": stored although the codec refuses it");
                    } else if (received.size() != receivedBefore + 1) {
                        problems.add(s.label() + ": stored, but " + (received.size() - receivedBefore) + " instances received");
                    } else if (!intact(s.file(), meta, received.get(receivedBefore).file())) {
                        problems.add(s.label() + ": stored with other data set bytes than were sent");
                    } else if (reports != 0) {
                        problems.add(s.label() + ": stored, yet " + reports + " refusals reported");
                    }
                } else if (o.status() != DicomStatus.NONE || o.aborted() || o.contextRefused()) {
                    if (o.aborted() || o.contextRefused()) {
                        aborted++;
                    } else {
                        statuses++;
                    }
                    if (reports != 1 || received.size() != receivedBefore) {
                        problems.add(s.label() + ": refused (" + o + ") with " + reports + " refusals reported and "
                                + (received.size() - receivedBefore) + " instances received");
                    }
                } else {
                    problems.add(s.label() + ": ended without a status or an A-ABORT: " + o.error());
                }
            }
            // the receiver still works, at the first attempt
            Path good = DamagedFiles.PYDICOM.resolve("MR_small.dcm");
            assertEquals(DicomStatus.SUCCESS, send(node, Part10Meta.read(good), good).status());
            assertEquals(kept + 1, received.size());
        } finally {
            receiver.close();
            executor.shutdownNow();
        }
        assertEquals(List.of(), problems);
        assertTrue(sent >= 150, "most damaged files reach the receiver: " + sent);
        assertTrue(statuses + aborted >= sent / 3, "refused: " + statuses + " with a status and " + aborted
                + " with an A-ABORT, of " + sent);
        // an association turned away for the limit (and sent again) is reported as such, at most once each
        List<String> forTheLimit = refused.stream().filter(r -> r.contains("simultaneous associations")).toList();
        assertTrue(forTheLimit.size() <= turnedAway[0], forTheLimit.size() + " refusals for the limit reported, "
                + turnedAway[0] + " associations turned away");
        assertEquals(statuses + aborted, refused.size() - forTheLimit.size(),
                "one refusal reported per refused file: " + refused);
        for (String r : refused) {
            assertTrue(!r.contains("Huge^Hugo") && !r.contains("Bomb^Bert") && !r.contains("1CT1"), "no patient data in refusals: " + r);
        }
        try (Stream<Path> left = Files.walk(spool.resolve(".incoming"))) {
            assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "nothing left in the incoming folder");
        }
        try (Stream<Path> kept2 = Files.list(spool)) {
            // instances are named by their SOP Instance UID: damaged copies of one source share a name
            assertEquals(received.stream().map(ReceivedInstance::file).collect(java.util.stream.Collectors.toSet()),
                    kept2.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toSet()),
                    "only accepted instances in the spool");
        }
    }

    /**
     * True if the spooled file holds exactly the data set bytes that were sent (an odd-length data set, such as a
     * deflated one, arrives with the zero byte that pads P-DATA values to even length).
     */
    private static boolean intact(Path sample, Part10Meta sentMeta, Path spooled) throws IOException {
        byte[] sent = Files.readAllBytes(sample);
        byte[] stored = Files.readAllBytes(spooled);
        int from = (int) sentMeta.dataSetOffset();
        int at = (int) Part10Meta.read(spooled).dataSetOffset();
        int length = sent.length - from;
        boolean padded = length % 2 == 1 && stored.length - at == length + 1 && stored[stored.length - 1] == 0;
        return (stored.length - at == length || padded)
                && java.util.Arrays.equals(sent, from, sent.length, stored, at, at + length);
    }

    /**
     * What the sender saw of one C-STORE.
     *
     * @param status  the response status, or NONE without a response
     * @param aborted the receiver ended the association with an A-ABORT
     * @param contextRefused the receiver accepted the association but not the presentation context
     * @param error   what ended it otherwise, or null
     */
    private record Outcome(int status, boolean aborted, boolean contextRefused, String error) {
        /** A-ASSOCIATE-RJ transient, reason 2 (local limit exceeded): too many associations at once. */
        boolean rejectedForTheLimit() {
            return error != null && error.contains("A-ASSOCIATE-RJ transient") && error.contains("reason 2");
        }
    }

    private static boolean readable(Path file) {
        try {
            DicomReader.create().read(file);
            return true;
        } catch (DicomParseException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** One C-STORE of the data set bytes as they are. */
    private static Outcome send(PacsNode node, Part10Meta m, Path file) {
        LinkedList<PresentationContext> pcs = new LinkedList<>();
        pcs.add(new PresentationContext((byte) 1, m.sopClassUid(), m.transferSyntaxUid()));
        Association a;
        try {
            a = PixelmedSupport.open(node, Operation.STORE, pcs, new LinkedList<>());
        } catch (Exception e) {
            return new Outcome(DicomStatus.NONE, false, false, e.toString());
        }
        byte pcid;
        try {
            pcid = a.getSuitablePresentationContextID(m.sopClassUid(), m.transferSyntaxUid());
        } catch (Exception e) {
            PixelmedSupport.abortQuietly(a);
            return new Outcome(DicomStatus.NONE, false, true, null);
        }
        int[] status = {DicomStatus.NONE};
        try (InputStream in = Files.newInputStream(file)) {
            MessageHandler h = new MessageHandler(new MessageHandler.Listener() {
                @Override
                public boolean message(byte id, AttributeList cmd, byte[] data) {
                    status[0] = PixelmedSupport.intValue(cmd, TagFromName.Status, DicomStatus.NONE);
                    return true;
                }

                @Override
                public MessageHandler.DataSink storeRequest(byte id, AttributeList command) throws Exception {
                    throw new IOException("unexpected");
                }
            });
            in.skipNBytes(m.dataSetOffset());
            a.setReceivedDataHandler(h);
            a.send(pcid, new CStoreRequestCommandMessage(m.sopClassUid(), m.sopInstanceUid()).getBytes(), null);
            try (OutputStream out = a.getAssociationOutputStream(pcid)) {
                in.transferTo(out);
            }
            a.waitForPDataPDUsUntilHandlerReportsDone();
            PixelmedSupport.release(a);
        } catch (Exception e) {
            PixelmedSupport.abortQuietly(a);
            // PixelMed's words for an A-ABORT PDU from the peer (a dropped connection is an "A-P-ABORT")
            boolean abort = String.valueOf(e.getMessage()).startsWith("A-ABORT indication");
            return new Outcome(status[0], abort, false, abort ? null : e.toString());
        }
        return new Outcome(status[0], false, false, null);
    }
}
