package org.rpb.pacs.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.node.NodeRole;
import org.rpb.pacs.node.PacsNode;

/** The "test connection" checks against a real Orthanc and against a closed port. */
@Tag("external")
class NodeConnectionTesterTest {

    private static OrthancServer orthanc;
    private final NodeConnectionTester tester = new NodeConnectionTester();

    @BeforeAll
    static void start() throws Exception {
        orthanc = OrthancServer.builder().aeTitle("RESEARCH").start();
    }

    @AfterAll
    static void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private static PacsNode node(String ae, int port, String dicomweb) {
        return new PacsNode(null, "Research PACS", NodeRole.RESEARCH, ae, "127.0.0.1", port, "RPBPACS", 3000, 5000,
                dicomweb);
    }

    @Test
    void echoAndQidoSucceedAgainstOrthanc() {
        List<ConnectionCheck> checks = tester.test(node("RESEARCH", orthanc.dicomPort(),
                orthanc.dicomWebUrl().toString()));
        assertEquals(List.of("C-ECHO", "QIDO-RS"), checks.stream().map(ConnectionCheck::name).toList());
        assertTrue(checks.get(0).success(), checks.get(0).message());
        assertTrue(checks.get(1).success(), checks.get(1).message());
        assertTrue(checks.get(1).message().contains("0 matches"), checks.get(1).message());
    }

    @Test
    void noQidoWithoutADicomwebUrl() {
        List<ConnectionCheck> checks = tester.test(node("RESEARCH", orthanc.dicomPort(), null));
        assertEquals(1, checks.size());
        assertTrue(checks.get(0).success(), checks.get(0).message());
    }

    @Test
    void aClosedPortGivesTheExactFailure() throws Exception {
        int closed = OrthancServer.freePort();
        int closedHttp = OrthancServer.freePort();
        List<ConnectionCheck> checks = tester.test(node("NOBODY", closed, "http://127.0.0.1:" + closedHttp + "/dicom-web"));
        assertFalse(checks.get(0).success());
        String echo = checks.get(0).message();
        assertTrue(echo.contains("NOBODY@127.0.0.1:" + closed) && echo.contains("failed"), echo);
        assertFalse(checks.get(1).success());
        assertTrue(checks.get(1).message().contains(String.valueOf(closedHttp)), checks.get(1).message());
    }

    @Test
    void aWrongCalledAeTitleIsRejectedByOrthanc() {
        List<ConnectionCheck> checks = tester.test(node("WRONG_AE", orthanc.dicomPort(), null));
        assertFalse(checks.get(0).success(), "Orthanc checks the called AE title");
        assertTrue(checks.get(0).message().contains("WRONG_AE"), checks.get(0).message());
    }
}
