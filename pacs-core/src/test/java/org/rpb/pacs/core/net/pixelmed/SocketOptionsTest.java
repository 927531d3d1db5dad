package org.rpb.pacs.core.net.pixelmed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.network.Association;
import com.pixelmed.network.PresentationContext;
import java.net.Socket;
import java.nio.file.Path;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.net.Operation;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.ReceiverConfig;

/**
 * Direct guard of the TCP_NODELAY trap on both ends of one association (the throughput guard in
 * NoDelayGuardTest catches the sending side by its latency; a receiver's single-write responses do
 * not show Nagle's delay, so its option is checked here).
 */
class SocketOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void bothEndsOfAnAssociationHaveTcpNoDelay() throws Exception {
        ExecutorService executor = Executors.newCachedThreadPool();
        PixelmedStoreReceiver receiver = new PixelmedStoreReceiver(ReceiverConfig.builder().aeTitle("NODELAY")
                .spoolFolder(tmp).executor(executor).build());
        try {
            receiver.start();
            PacsNode node = PacsNode.builder().aeTitle("NODELAY").host("127.0.0.1").port(receiver.localAddress().getPort()).build();
            LinkedList<PresentationContext> pcs = new LinkedList<>();
            pcs.add(new PresentationContext((byte) 1, PixelmedSupport.VERIFICATION, PixelmedSupport.IMPLICIT_LE));
            Association a = PixelmedSupport.open(node, Operation.ECHO, pcs, new LinkedList<>());
            try {
                assertTrue(PixelmedSupport.socketOf(a).getTcpNoDelay(), "client socket opened by PixelMed");
                java.lang.reflect.Field out = Association.class.getDeclaredField("out");
                out.setAccessible(true);
                assertTrue(out.get(a) instanceof java.io.BufferedOutputStream,
                        "PixelMed writes PDU headers byte by byte: the association stream must be buffered");
                List<Socket> served = receiver.openSockets();
                assertEquals(1, served.size());
                assertTrue(served.get(0).getTcpNoDelay(), "socket accepted by our receiver");
                assertFalse(served.get(0).isClosed());
            } finally {
                PixelmedSupport.release(a);
            }
            // PixelMed's acceptor would hold the worker 5 s after the release; ours lets it go at once
            await("worker released within 2 s of A-RELEASE").atMost(java.time.Duration.ofSeconds(2))
                    .pollInterval(java.time.Duration.ofMillis(10)).until(() -> receiver.openSockets().isEmpty());
        } finally {
            receiver.close();
            executor.shutdownNow();
        }
    }
}
