package org.rpb.pacs.core.net.pixelmed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The P-DATA-TF framing of our C-STORE sender, read back PDU by PDU (PS3.8 9.3.5, E.2): every PDU within the
 * peer's maximum length, one PDV each, the command before the data set, the last-fragment bit on the last PDV
 * of each only, and the bytes unchanged, whichever way the data set is written (stream, channel, input
 * stream) and whether or not its length is a multiple of a PDU's capacity.
 */
class PDataWriterTest {
    private static final byte PCID = 5;

    /** One PDV as read back: its context, its control header and its value. */
    private record Pdv(int pduLength, int pcid, int control, byte[] value) {
        boolean command() {
            return (control & 1) != 0;
        }

        boolean last() {
            return (control & 2) != 0;
        }
    }

    private static List<Pdv> parse(byte[] wire) {
        ByteBuffer b = ByteBuffer.wrap(wire);
        List<Pdv> out = new ArrayList<>();
        while (b.hasRemaining()) {
            assertEquals(0x04, b.get() & 0xFF, "PDU type P-DATA-TF");
            b.get();
            int pduLength = b.getInt();
            int pdvLength = b.getInt();
            assertEquals(pduLength, pdvLength + 4, "one PDV per PDU");
            int pcid = b.get() & 0xFF;
            int control = b.get() & 0xFF;
            byte[] value = new byte[pdvLength - 2];
            b.get(value);
            out.add(new Pdv(pduLength, pcid, control, value));
        }
        return out;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** Writes a command and a data set of {@code n} bytes in the given way; returns the PDVs on the wire. */
    private static List<Pdv> message(int peerMax, byte[] command, byte[] data, String how) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PDataWriter w = new PDataWriter(wire, peerMax);
        w.command(PCID, command, false);
        PDataWriter.DataStream out = w.data(PCID);
        switch (how) {
            case "stream" -> {
                // uneven pieces across PDU boundaries
                int off = 0;
                for (int k = 1; off < data.length; k = k * 3 % 1001 + 1) {
                    int n = Math.min(k, data.length - off);
                    out.write(data, off, n);
                    off += n;
                }
            }
            case "channel" -> out.write(ByteBuffer.wrap(data));
            case "input" -> out.from(new TrickleInput(data));
            default -> throw new IllegalArgumentException(how);
        }
        out.end();
        return parse(wire.toByteArray());
    }

    /** An input stream that hands out at most 777 bytes per read, as a socket or a pipe may. */
    private static final class TrickleInput extends InputStream {
        private final ByteArrayInputStream in;

        TrickleInput(byte[] b) {
            in = new ByteArrayInputStream(b);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 777));
        }
    }

    @Test
    void everyPduFitsThePeersMaximumAndOnlyTheLastFragmentsCarryTheBit() throws IOException {
        byte[] command = bytes(200);
        for (int peerMax : new int[] {4096, 16384, 0}) {
            int capacity = new PDataWriter(new ByteArrayOutputStream(), peerMax).capacity();
            int max = peerMax == 0 ? 65536 : peerMax;
            assertEquals(max - 6, capacity, "value bytes of a full PDU for a maximum of " + peerMax);
            // lengths around multiples of the capacity: the one that fills the last PDU exactly is the edge
            for (int n : new int[] {0, 2, capacity - 2, capacity, capacity + 2, 3 * capacity, 3 * capacity + 1000}) {
                byte[] data = bytes(n);
                for (String how : new String[] {"stream", "channel", "input"}) {
                    List<Pdv> pdvs = message(peerMax, command, data, how);
                    String what = n + " bytes via " + how + ", maximum " + peerMax;
                    assertEquals(PCID, pdvs.get(0).pcid(), what);
                    assertEquals(0x03, pdvs.get(0).control(), "command, last fragment: " + what);
                    assertArrayEquals(command, pdvs.get(0).value(), what);
                    List<Pdv> dataPdvs = pdvs.subList(1, pdvs.size());
                    assertEquals(Math.max(1, (n + capacity - 1) / capacity), dataPdvs.size(), "fragments: " + what);
                    ByteArrayOutputStream joined = new ByteArrayOutputStream();
                    for (int i = 0; i < dataPdvs.size(); i++) {
                        Pdv p = dataPdvs.get(i);
                        assertEquals(PCID, p.pcid(), what);
                        assertEquals(i == dataPdvs.size() - 1, p.last(), "last bit of fragment " + i + ": " + what);
                        assertEquals(false, p.command(), what);
                        assertEquals(true, p.pduLength() <= max, "PDU within the maximum: " + what);
                        joined.writeBytes(p.value());
                    }
                    assertArrayEquals(data, joined.toByteArray(), what);
                }
            }
        }
    }

    @Test
    void aLongCommandIsFragmentedAndTheBufferIsReusedForTheNextMessage() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PDataWriter w = new PDataWriter(wire, 4096);
        byte[] command = bytes(9000);
        for (int m = 0; m < 2; m++) {
            w.command(PCID, command, false);
            PDataWriter.DataStream out = w.data(PCID);
            out.write(bytes(5000 + m * 2));
            out.end();
        }
        List<Pdv> pdvs = parse(wire.toByteArray());
        int[] controls = pdvs.stream().mapToInt(Pdv::control).toArray();
        // per message: three command fragments (4090 + 4090 + 820), two data fragments
        assertArrayEquals(new int[] {1, 1, 3, 0, 2, 1, 1, 3, 0, 2}, controls);
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        pdvs.subList(8, 10).forEach(p -> second.writeBytes(p.value()));
        assertArrayEquals(bytes(5002), second.toByteArray());
    }

    @Test
    void aDataSetOfOddLengthGetsOneNulByteAsPixelmedAndDcmtkPadIt() throws IOException {
        for (int n : new int[] {101, 4089, 4091}) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            PDataWriter w = new PDataWriter(wire, 4096);
            w.command(PCID, bytes(100), false);
            PDataWriter.DataStream out = w.data(PCID);
            out.from(new ByteArrayInputStream(bytes(n)));
            out.end();
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            parse(wire.toByteArray()).stream().skip(1).forEach(p -> joined.writeBytes(p.value()));
            byte[] expected = java.util.Arrays.copyOf(bytes(n), n + 1);
            assertArrayEquals(expected, joined.toByteArray(), n + " bytes");
        }
    }

    @Test
    void closingTheDataStreamDoesNotEndTheDataSet() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PDataWriter w = new PDataWriter(wire, 4096);
        w.command(PCID, bytes(100), false);
        PDataWriter.DataStream out = w.data(PCID);
        out.write(bytes(1000));
        out.close(); // as a try-with-resources would after a failed read: the caller aborts instead
        assertEquals(12 + 100, wire.size(), "only the queued command went out; no last data fragment");
        out.end();
        assertThrows(IOException.class, out::end, "a data set ends once");
        assertEquals(12 + 100 + 12 + 1000, wire.size());
    }
}
