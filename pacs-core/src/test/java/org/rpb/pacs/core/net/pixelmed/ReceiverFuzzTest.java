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
 * a hostile peer would), one association each. The receiver answers every one with a status (success only for
 * data sets the codec reads), keeps only those, leaves nothing in its incoming folder, and still stores a good
 * file afterwards.
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
                .maxInstanceBytes(1 << 20).executor(executor).listener(new ReceiverListener() {
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
        int broken = 0;
        try {
            for (DamagedFiles.Sample s : samples) {
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
                int status = send(node, meta, s.file());
                boolean readable = readable(s.file());
                if (status == DicomStatus.SUCCESS) {
                    kept++;
                    if (!readable) {
                        problems.add(s.label() + ": stored although the codec refuses it");
                    }
                } else if (status == DicomStatus.NONE && readable) {
                    // counted, not failed: in full builds the receiver sometimes ends the association of a readable
                    // damaged file (mostly huge declared images) instead of answering a status; nothing of it may
                    // stay (checked below), and the receiver must go on serving. Tracked as an open issue.
                    broken++;
                }
            }
            // the receiver still works
            Path good = DamagedFiles.PYDICOM.resolve("MR_small.dcm");
            Part10Meta goodMeta = Part10Meta.read(good);
            // the receiver may still be closing the broken associations of the last damaged files
            await().atMost(Duration.ofSeconds(10)).until(() -> send(node, goodMeta, good) == DicomStatus.SUCCESS);
            int expected = kept + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == expected);
        } finally {
            receiver.close();
            executor.shutdownNow();
        }
        assertEquals(List.of(), problems);
        assertTrue(sent >= 150, "most damaged files reach the receiver: " + sent);
        assertTrue(broken <= sent / 4, broken + " of " + sent + " readable files ended without a status");
        assertTrue(refused.size() + broken >= sent / 3, "refusals reported: " + refused.size() + " and " + broken
                + " associations ended, of " + sent);
        for (String r : refused) {
            assertTrue(!r.contains("Huge^Hugo") && !r.contains("1CT1"), "no patient data in refusals: " + r);
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

    /** One C-STORE of the data set bytes as they are; returns the status, or NONE when the association broke. */
    private static int send(PacsNode node, Part10Meta m, Path file) {
        LinkedList<PresentationContext> pcs = new LinkedList<>();
        pcs.add(new PresentationContext((byte) 1, m.sopClassUid(), m.transferSyntaxUid()));
        Association a;
        try {
            a = PixelmedSupport.open(node, Operation.STORE, pcs, new LinkedList<>());
        } catch (Exception e) {
            return DicomStatus.NONE;
        }
        int[] status = {DicomStatus.NONE};
        try (InputStream in = Files.newInputStream(file)) {
            byte pcid = a.getSuitablePresentationContextID(m.sopClassUid(), m.transferSyntaxUid());
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
            return DicomStatus.NONE;
        }
        return status[0];
    }
}
