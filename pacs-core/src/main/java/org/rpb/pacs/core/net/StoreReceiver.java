package org.rpb.pacs.core.net;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A C-STORE service class provider (also answers C-ECHO). The project's code accepts each TCP
 * connection (with TCP_NODELAY set) on the executor given in {@link ReceiverConfig} and hands it to
 * the DICOM toolkit on that executor, so inside an application server every thread is a managed one.
 * Every storage SOP class is accepted in the transfer syntax it was encoded in. Each instance is
 * written under a temporary name, checked with the pacs-core reader, renamed to its final name in
 * the spool folder and handed to the matching {@link Expectation} or else to the
 * {@link ReceiverListener}. An instance handed to an expectation carries the check's parse
 * ({@link ReceivedInstance#parsed()}, bulk data left in the file), so that the job need not parse it
 * again; one handed to the listener does not. An association that breaks leaves no file behind.
 *
 * <p>Create with {@link DicomNetwork#receiver(ReceiverConfig)}; {@link #close()} stops accepting and
 * closes open connections.
 */
public interface StoreReceiver extends AutoCloseable {

    /**
     * Binds the port and starts accepting.
     *
     * @throws IOException if the port cannot be bound
     */
    void start() throws IOException;

    /** @return the bound address (useful with port 0); only after {@link #start()} */
    InetSocketAddress localAddress();

    /** @return our AE title */
    String aeTitle();

    /**
     * Registers a job's claim on instances about to arrive.
     *
     * An expectation that names a move originator AE title is given a Move Originator Message ID
     * here ({@link Expectation#bindMove}), unique among this receiver's open expectations of that
     * originator: {@link DimseClient#move(FindQuery, String, Expectation, java.util.function.Consumer,
     * CancelToken)} sends its C-MOVE with it, so that concurrent moves are told apart.
     *
     * @param expectation the claim; closing it deregisters it
     * @return the same expectation
     */
    Expectation expect(Expectation expectation);

    /** Stops accepting, closes open associations and waits (bounded) for workers to end. */
    @Override
    void close();
}
