package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.network.Association;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Writes one DIMSE message (command set, then data set) as P-DATA-TF PDUs (PS3.8 9.3.5) onto a
 * {@link PixelmedSupport#tune tuned} association, one PDV per PDU, each PDU no larger than the peer's
 * maximum length received. One buffer per association, reused for every message: PixelMed's
 * {@code getAssociationOutputStream} allocates a PDU-sized buffer per message and writes each PDU header
 * byte by byte. The command PDU is not flushed on its own: it leaves with the data set's first PDU (a
 * small instance is one write to the socket), and the last fragment is flushed.
 *
 * <p>Not thread-safe: one message at a time, as the association's protocol (one operation invoked).
 */
final class PDataWriter {
    /** PDV item header (length, presentation context, message control header) after the PDU header. */
    private static final int HEADER = 12;
    /** PixelMed's own cap (AssociationOutputStream): a peer announcing more still gets PDUs of 64 kB. */
    private static final int MAX_PDU = 65536;

    private final OutputStream out;
    /** PDU header space followed by the PDV's value. */
    private final byte[] pdu;
    /** Largest PDV value in one PDU (even: every fragment but the last has even length, as PS3.5 7.5 needs). */
    private final int capacity;
    private final DataStream data = new DataStream();
    private final byte[] commandHeader = new byte[HEADER];

    /**
     * @param a an association opened by {@link PixelmedSupport#open}, whose stream is buffered
     */
    PDataWriter(Association a) {
        this(PixelmedSupport.outputOf(a), PixelmedSupport.maximumLengthReceived(a));
    }

    /**
     * @param out     where the PDUs go (buffered: headers and values are written separately)
     * @param peerMax the peer's maximum length received (0: no limit)
     */
    PDataWriter(OutputStream out, int peerMax) {
        this.out = out;
        int max = peerMax <= 0 || peerMax > MAX_PDU ? MAX_PDU : peerMax;
        // PDU length = PDV length field (4) + context id + control header + value
        this.capacity = Math.max(2, (max - 6) & ~1);
        this.pdu = new byte[HEADER + capacity];
    }

    /** @return the largest PDV value this writer puts in one PDU */
    int capacity() {
        return capacity;
    }

    /**
     * Queues a command set (fragmented if longer than a PDU); it leaves with the data set's first write, or
     * now if {@code flush} (a command without data set).
     */
    void command(byte pcid, byte[] command, boolean flush) throws IOException {
        int off = 0;
        do {
            int n = Math.min(capacity, command.length - off);
            boolean lastFragment = off + n == command.length;
            fillHeader(commandHeader, pcid, n, true, lastFragment);
            out.write(commandHeader);
            out.write(command, off, n);
            off += n;
        } while (off < command.length);
        if (flush) {
            out.flush();
        }
    }

    /**
     * Starts the data set of the message; {@link DataStream#end()} sends its last fragment and flushes.
     *
     * @return the data set's stream, which is also a channel (the same object for every message)
     */
    DataStream data(byte pcid) {
        data.start(pcid);
        return data;
    }

    private static void fillHeader(byte[] h, byte pcid, int valueLength, boolean command, boolean last) {
        int pdv = valueLength + 2;
        h[0] = 0x04;
        h[1] = 0;
        be32(h, 2, pdv + 4);
        be32(h, 6, pdv);
        h[10] = pcid;
        h[11] = (byte) ((command ? 0x01 : 0) | (last ? 0x02 : 0));
    }

    private static void be32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    /**
     * The data set of one message: fills the PDU buffer and sends a full one only when more follows, so that
     * the fragment closed last carries the last-fragment bit.
     */
    final class DataStream extends OutputStream implements WritableByteChannel {
        private byte pcid;
        private int fill;
        private boolean open;

        private void start(byte id) {
            pcid = id;
            fill = 0;
            open = true;
        }

        private void room() throws IOException {
            if (fill == capacity) {
                send(false);
            }
        }

        private void send(boolean last) throws IOException {
            fillHeader(pdu, pcid, fill, false, last);
            out.write(pdu, 0, HEADER + fill);
            fill = 0;
        }

        @Override
        public void write(int b) throws IOException {
            room();
            pdu[HEADER + fill++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                room();
                int n = Math.min(len, capacity - fill);
                System.arraycopy(b, off, pdu, HEADER + fill, n);
                fill += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int total = src.remaining();
            while (src.hasRemaining()) {
                room();
                int n = Math.min(src.remaining(), capacity - fill);
                src.get(pdu, HEADER + fill, n);
                fill += n;
            }
            return total;
        }

        /** Reads the rest of {@code in} straight into the PDUs. */
        void from(InputStream in) throws IOException {
            while (true) {
                if (fill == capacity) {
                    // a full PDU leaves only once more data is known to follow: the last one carries the bit
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    send(false);
                    pdu[HEADER] = (byte) b;
                    fill = 1;
                }
                int n = in.read(pdu, HEADER + fill, capacity - fill);
                if (n < 0) {
                    return;
                }
                fill += n;
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        /**
         * Sends the last fragment and flushes: the data set is complete. A data set of odd length (a deflated
         * one whose writer did not pad it) gets one NUL byte, as PixelMed's stream and dcmtk pad it.
         */
        void end() throws IOException {
            if (!open) {
                throw new IOException("data set ended twice");
            }
            open = false;
            if (fill % 2 != 0) {
                pdu[HEADER + fill++] = 0; // fragments before the last are full, and the capacity is even
            }
            send(true);
            out.flush();
        }

        /**
         * Does nothing: only {@link #end()} marks the data set complete, so that a writer failing half-way
         * (a file that cannot be read to its end) never sends a truncated data set as the whole one; the
         * caller aborts the association instead.
         */
        @Override
        public void close() {
            // see end()
        }
    }
}
