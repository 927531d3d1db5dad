package org.rpb.pacs.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PacsNode#connectTimeout()} bounds opening the TCP connection and the association. A
 * loopback listener that never accepts stands for the two ways a node hangs: once its accept
 * queue is full the kernel drops our SYN (like a blackholed host); before that the connection
 * opens but nobody answers the A-ASSOCIATE-RQ. Without the bound the first waits for the
 * operating system's SYN retries (about two minutes), the second for ever.
 */
class ConnectTimeoutTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1500);

    private static PacsNode node(int port) {
        return PacsNode.builder().aeTitle("SILENT").host("127.0.0.1").port(port).callingAeTitle("PACS")
                .connectTimeout(CONNECT_TIMEOUT).responseTimeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void connectionThatNeverOpensFailsWithinTheConnectTimeout() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> filling = fillAcceptQueue(ss.getLocalPort());
            try {
                long t0 = System.nanoTime();
                DicomNetworkException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(DicomNetworkException.class, () -> DicomNetwork.dimse(node(ss.getLocalPort())).echo()));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= CONNECT_TIMEOUT.toMillis() - 100 && ms < CONNECT_TIMEOUT.toMillis() + 2000, ms + " ms");
                assertEquals(Operation.ECHO, e.operation());
                assertEquals("SILENT@127.0.0.1:" + ss.getLocalPort(), e.node());
                assertTrue(e.getMessage().contains("SILENT@127.0.0.1:" + ss.getLocalPort())
                        && e.getMessage().contains("ECHO") && e.getMessage().contains("connect timeout"), e.getMessage());
            } finally {
                for (Socket s : filling) {
                    s.close();
                }
            }
        }
    }

    @Test
    void associationThatIsNeverAnsweredFailsWithinTheConnectTimeout() throws Exception {
        // the kernel completes the TCP handshake for a listener with room in its queue; nobody reads
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            DicomNetworkException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(
                    DicomNetworkException.class,
                    () -> DicomNetwork.dimse(node(ss.getLocalPort())).find(FindQuery.builder(QueryLevel.STUDY).build())));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < CONNECT_TIMEOUT.toMillis() + 2000, ms + " ms");
            assertEquals(Operation.FIND, e.operation());
            assertTrue(e.getMessage().contains("SILENT@127.0.0.1:" + ss.getLocalPort())
                    && e.getMessage().contains("FIND") && e.getMessage().contains("connect timeout"), e.getMessage());
        }
    }

    /** Connects until the kernel stops completing handshakes; returns the sockets that got in. */
    private static List<Socket> fillAcceptQueue(int port) throws IOException {
        List<Socket> in = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
                in.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return in;
            }
        }
        throw new IllegalStateException("the accept queue of a backlog-1 listener never filled");
    }
}
