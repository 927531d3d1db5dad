package org.rpb.pacs.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.testing.TestData;
import org.rpb.pacs.core.net.testing.TestReceiver;

/**
 * The receiver's limits against dcmtk's clients: calling AE titles its filter does not accept are rejected at
 * association (C-ECHO alone is answered for anyone), a data set above the size limit is discarded as it arrives
 * and answered with 0xA700, and neither leaves a file in the spool folder; refusals name the peer, not the data.
 */
@Tag("external")
class ReceiverLimitsTest {

    @TempDir
    Path tmp;
    TestReceiver receiver;
    List<ReceivedInstance> received;
    List<String> refused;

    @BeforeEach
    void start() throws IOException {
        receiver = TestReceiver.start(ReceiverConfig.builder().aeTitle("LIMITS").spoolFolder(tmp.resolve("spool"))
                .callingAeFilter("KNOWN"::equals).maxInstanceBytes(20_000));
        received = receiver.received();
        refused = receiver.refused();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private TestData.Run storescu(String callingAe, String file) throws Exception {
        return TestData.run(60, TestData.dcmtk("storescu"), "-v", "-aet", callingAe, "-aec", "LIMITS", "127.0.0.1",
                Integer.toString(receiver.port()), TestData.pydicom(file).toString());
    }

    private List<Path> spooled() throws IOException {
        try (Stream<Path> s = Files.walk(tmp.resolve("spool"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void onlyAcceptedCallingAeTitlesMayStore() throws Exception {
        TestData.Run stranger = storescu("STRANGER", "MR_small.dcm");
        assertNotEquals(0, stranger.exit(), stranger.output());
        assertTrue(stranger.output().toLowerCase().contains("reject"), stranger.output());
        await().atMost(Duration.ofSeconds(10)).until(() -> !refused.isEmpty());
        assertEquals("STRANGER: calling AE title 'STRANGER' is not among the accepted peers", refused.get(0));

        TestData.Run echo = TestData.run(60, TestData.dcmtk("echoscu"), "-aet", "STRANGER", "-aec", "LIMITS",
                "127.0.0.1", Integer.toString(receiver.port()));
        assertEquals(0, echo.exit(), "C-ECHO is answered for anyone: " + echo.output());

        TestData.Run known = storescu("KNOWN", "MR_small.dcm");
        assertEquals(0, known.exit(), known.output());
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertEquals("KNOWN", received.get(0).callingAeTitle());
        assertEquals(List.of(received.get(0).file()), spooled(), "only the accepted instance is in the spool folder");
    }

    @Test
    void anInstanceAboveTheSizeLimitIsDiscardedAndAnsweredWithOutOfResources() throws Exception {
        assertTrue(Files.size(TestData.pydicom("CT_small.dcm")) > 20_000);
        TestData.Run big = storescu("KNOWN", "CT_small.dcm");
        assertTrue(big.output().toLowerCase().contains("0xa700") || big.output().contains("Refused: OutOfResources"),
                big.output());
        await().atMost(Duration.ofSeconds(10)).until(() -> !refused.isEmpty());
        assertTrue(refused.get(0).startsWith("KNOWN: instance of ") && refused.get(0).contains("larger than the limit of 20000 bytes"),
                refused.get(0));
        assertFalse(refused.get(0).contains("1CT1"), "no patient data in the refusal");
        assertEquals(List.of(), spooled(), "nothing of it stays");

        TestData.Run small = storescu("KNOWN", "MR_small.dcm");
        assertEquals(0, small.exit(), small.output());
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    }

    @Test
    void ourClientReportsARefusedInstanceWithItsStatusAndStoresTheRest() throws Exception {
        StoreResult r = DicomNetwork.dimse(PacsNode.parse("LIMITS@127.0.0.1:" + receiver.port(), "KNOWN"))
                .store(List.of(TestData.pydicom("CT_small.dcm"), TestData.pydicom("MR_small.dcm")));
        StoreResult.Instance refusedOne = r.instances().get(0);
        assertFalse(refusedOne.stored());
        assertEquals(DicomStatus.OUT_OF_RESOURCES, refusedOne.status());
        assertTrue(refusedOne.reason().contains("0xA700"), refusedOne.reason());
        assertTrue(r.instances().get(1).stored(), r.toString());
    }
}
