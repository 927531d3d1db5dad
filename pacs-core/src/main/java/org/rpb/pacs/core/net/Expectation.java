package org.rpb.pacs.core.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job's claim on instances a {@link StoreReceiver} is about to receive, typically the C-STORE
 * sub-operations of a C-MOVE the job started. An instance belongs to the expectation when its
 * calling AE title matches and its Study (and, if given, Series) Instance UID matches, and, once the
 * expectation is bound to a C-MOVE ({@link #bindMove}), when the sub-operation names that C-MOVE:
 * its Move Originator AE title and Message ID. Bound expectations tell apart two concurrent moves
 * of the same study from the same PACS. Register it with {@link StoreReceiver#expect} before
 * starting the move (the receiver binds an expectation that names a move originator to a Message
 * ID of its own choosing), start the move with {@link DimseClient#move(FindQuery, String,
 * Expectation, java.util.function.Consumer, CancelToken)}, which sends the C-MOVE with that
 * Message ID, and close the expectation afterwards.
 *
 * <p>Arrivals are either collected ({@link #received()}, {@link #await}) or, with {@link #handOver},
 * given one by one to the job as they arrive, while the move still runs: the job's handler takes over
 * each file on the receiver's thread and may block to slow the sender down (the sub-operation is
 * answered only when the handler returns).
 *
 * <p>Thread-safe: the receiver adds from its worker threads while the job waits.
 */
public final class Expectation implements AutoCloseable {
    private final String label;
    private final String callingAeTitle;
    private final String studyInstanceUid;
    private final String seriesInstanceUid;
    private final String moveOriginatorAeTitle;
    private final List<ReceivedInstance> received = new ArrayList<>();
    /** Arrivals so far (collected or handed over). */
    private int arrived;
    /** The job's handler of each arrival, or null to collect them. */
    private volatile Handler handler;
    /** Message ID of the C-MOVE this expectation answers; -1 until bound. */
    private volatile int moveMessageId = -1;
    private Runnable onClose = () -> { };

    /**
     * @param label             the job's name for the transfer (e.g. the move it answers), for messages
     * @param callingAeTitle    the AE expected to send (the PACS performing the move), or null for any
     * @param studyInstanceUid  the study expected
     * @param seriesInstanceUid the series expected, or null for the whole study
     */
    public Expectation(String label, String callingAeTitle, String studyInstanceUid, String seriesInstanceUid) {
        this(label, callingAeTitle, studyInstanceUid, seriesInstanceUid, null);
    }

    /**
     * @param label                 the job's name for the transfer, for messages
     * @param callingAeTitle        the AE expected to send, or null for any
     * @param studyInstanceUid      the study expected
     * @param seriesInstanceUid     the series expected, or null for the whole study
     * @param moveOriginatorAeTitle the AE that requested the C-MOVE (our calling AE title), as the sender
     *                              reports it in each sub-operation; null to not require it. With it, the
     *                              receiver binds the expectation to a Message ID on registration, and
     *                              only the sub-operations of the C-MOVE sent with
     *                              {@link DimseClient#move(FindQuery, String, Expectation,
     *                              java.util.function.Consumer, CancelToken)} belong to it
     */
    public Expectation(String label, String callingAeTitle, String studyInstanceUid, String seriesInstanceUid,
                       String moveOriginatorAeTitle) {
        this.moveOriginatorAeTitle = moveOriginatorAeTitle;
        this.label = Objects.requireNonNull(label, "label");
        this.callingAeTitle = callingAeTitle;
        this.studyInstanceUid = Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        this.seriesInstanceUid = seriesInstanceUid;
    }

    /** @return the job's label */
    public String label() {
        return label;
    }

    /**
     * Binds this expectation to one C-MOVE: from now on only sub-operations that carry this Move
     * Originator Message ID belong to it. Called by the receiver when the expectation is
     * registered, before the C-MOVE request is sent (the first sub-operation may arrive before the
     * request call returns).
     *
     * @param messageId the Message ID of our C-MOVE request (0..65535)
     * @throws IllegalStateException if no move originator AE title was given: a Message ID is only
     *                               unique for one originator
     */
    public void bindMove(int messageId) {
        if (moveOriginatorAeTitle == null) {
            throw new IllegalStateException("expectation '" + label + "' names no move originator AE title");
        }
        if (messageId < 0 || messageId > 0xFFFF) {
            throw new IllegalArgumentException("Message ID " + messageId + " out of range");
        }
        this.moveMessageId = messageId;
    }

    /** @return the Message ID of the C-MOVE this expectation is bound to, or -1 */
    public int moveMessageId() {
        return moveMessageId;
    }

    /** @return the AE title expected as move originator, or null if any */
    public String moveOriginatorAeTitle() {
        return moveOriginatorAeTitle;
    }

    /** @return true if the instance belongs to this expectation */
    public boolean matches(ReceivedInstance i) {
        int boundId = moveMessageId;
        return (callingAeTitle == null || callingAeTitle.equals(i.callingAeTitle()))
                && studyInstanceUid.equals(i.studyInstanceUid())
                && (seriesInstanceUid == null || seriesInstanceUid.equals(i.seriesInstanceUid()))
                && (moveOriginatorAeTitle == null || moveOriginatorAeTitle.equals(i.moveOriginatorAeTitle()))
                && (boundId < 0 || boundId == i.moveOriginatorMessageId());
    }

    /**
     * Takes each arrival as it comes (instead of collecting them), on the receiver's thread that received
     * it. Set it before the move starts.
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param instance an instance of this expectation, complete and checked in the receiver's spool
         *                 folder: the handler owns the file from now on (moves or deletes it). It may block
         *                 (back-pressure: the sender waits for the sub-operation's response); it should not
         *                 throw, an exception is reported by the receiver as its listener's failure
         * @throws InterruptedException if interrupted while blocked (the receiver is closing)
         */
        void arrived(ReceivedInstance instance) throws InterruptedException;
    }

    /**
     * Hands every later arrival to a handler instead of collecting it.
     *
     * @param h the job's handler
     * @return this
     */
    public Expectation handOver(Handler h) {
        this.handler = Objects.requireNonNull(h, "handler");
        return this;
    }

    /**
     * Called by the receiver. With a {@link #handOver handler}, it is called here, on the receiver's thread.
     *
     * @param i an instance that matches
     * @throws InterruptedException if the handler was interrupted while blocked
     */
    public void accept(ReceivedInstance i) throws InterruptedException {
        Handler h = handler;
        try {
            if (h != null) {
                h.arrived(i);
            }
        } finally {
            synchronized (this) {
                if (h == null) {
                    received.add(i);
                }
                arrived++;
                notifyAll();
            }
        }
    }

    /** @return a snapshot of what arrived so far (empty with a {@link #handOver handler}) */
    public synchronized List<ReceivedInstance> received() {
        return List.copyOf(received);
    }

    /** @return how many instances arrived so far, collected or handed over */
    public synchronized int arrived() {
        return arrived;
    }

    /**
     * Waits until at least {@code count} instances arrived (collected, or handed over and returned from the
     * handler) or the timeout elapsed.
     *
     * @param count   how many are expected
     * @param timeout the bound
     * @return what was collected (may be fewer than {@code count} on timeout; empty with a handler)
     * @throws InterruptedException if interrupted
     */
    public synchronized List<ReceivedInstance> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (arrived < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(received);
    }

    /** Used by the receiver to deregister on close. @param action what closing does */
    public synchronized void onClose(Runnable action) {
        this.onClose = action;
    }

    /** Stops claiming instances; later arrivals go to the receiver's listener. */
    @Override
    public void close() {
        Runnable r;
        synchronized (this) {
            r = onClose;
        }
        r.run();
    }
}
