package org.rpb.pacs.core.net.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.ReceivedInstance;
import org.rpb.pacs.core.net.ReceiverConfig;
import org.rpb.pacs.core.net.ReceiverListener;
import org.rpb.pacs.core.net.StoreReceiver;

/**
 * Our C-STORE receiver as the tests start it: on an executor of its own, keeping what it reports in order (for the
 * test thread to read while the receiver's threads add to it); {@link #close()} stops both.
 */
public final class TestReceiver implements AutoCloseable {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<ReceivedInstance> received = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final StoreReceiver receiver;

    private TestReceiver(ReceiverConfig.Builder config) throws IOException {
        receiver = DicomNetwork.receiver(config.executor(executor).listener(new ReceiverListener() {
            @Override
            public void received(ReceivedInstance i) {
                received.add(i);
            }

            @Override
            public void refused(String callingAe, String reason) {
                refused.add(callingAe + ": " + reason);
            }
        }).build());
        try {
            receiver.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts a receiver.
     *
     * @param config the receiver's configuration; its executor and listener are set here
     * @return the running receiver
     * @throws IOException if it cannot listen
     */
    public static TestReceiver start(ReceiverConfig.Builder config) throws IOException {
        return new TestReceiver(config);
    }

    /** @return the receiver */
    public StoreReceiver receiver() {
        return receiver;
    }

    /** @return the port it listens on */
    public int port() {
        return receiver.localAddress().getPort();
    }

    /** @return the instances received so far (live) */
    public List<ReceivedInstance> received() {
        return received;
    }

    /** @return the refusals so far (live), as {@code "<calling AE>: <reason>"} */
    public List<String> refused() {
        return refused;
    }

    @Override
    public void close() {
        receiver.close();
        executor.shutdownNow();
    }
}
