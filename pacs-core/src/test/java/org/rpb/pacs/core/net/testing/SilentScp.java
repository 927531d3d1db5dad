package org.rpb.pacs.core.net.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A peer that accepts one association (every proposed presentation context, in its first transfer
 * syntax) and then never answers a DIMSE request: it records what arrives, so that a test can see
 * which commands (with Message ID and Message ID Being Responded To) and which A-ABORT our client
 * sent when its response timeout ran out. Written against PS3.8 by hand, so that the test does not
 * depend on the toolkit under test.
 */
public final class SilentScp implements AutoCloseable {
    /** One received command: its Command Field, Message ID and Message ID Being Responded To (-1 if absent). */
    public record Command(int field, int messageId, int respondedTo) {
    }

    private final ServerSocket server;
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final List<String> proposed = new CopyOnWriteArrayList<>();
    private volatile boolean aborted;
    private final Thread thread;

    /** Starts listening on a free loopback port. @throws IOException if it cannot */
    public SilentScp() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "silent-scp");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the port */
    public int port() {
        return server.getLocalPort();
    }

    /** @return the commands received so far, in order */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** @return the abstract syntax of each proposed presentation context, in order */
    public List<String> proposedAbstractSyntaxes() {
        return List.copyOf(proposed);
    }

    /** @return true once the peer sent A-ABORT */
    public boolean aborted() {
        return aborted;
    }

    private void serve() {
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            while (true) {
                int type = in.readUnsignedByte();
                in.readUnsignedByte();
                int len = in.readInt();
                byte[] body = in.readNBytes(len);
                switch (type) {
                    case 0x01 -> {
                        out.write(accept(body, proposed));
                        out.flush();
                    }
                    case 0x04 -> {
                        for (int p = 0; p + 6 <= body.length; ) {
                            int itemLen = (body[p] & 0xFF) << 24 | (body[p + 1] & 0xFF) << 16 | (body[p + 2] & 0xFF) << 8 | (body[p + 3] & 0xFF);
                            int control = body[p + 5] & 0xFF;
                            if ((control & 1) != 0) {
                                command.write(body, p + 6, itemLen - 2);
                                if ((control & 2) != 0) {
                                    commands.add(parse(command.toByteArray()));
                                    command.reset();
                                }
                            }
                            p += 4 + itemLen;
                        }
                    }
                    case 0x05 -> {
                        out.write(new byte[] {0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0});
                        out.flush();
                        return;
                    }
                    case 0x07 -> {
                        aborted = true;
                        return;
                    }
                    default -> {
                        return;
                    }
                }
            }
        } catch (IOException ignored) {
            // the client closed the connection: the test looks at what was recorded
        }
    }

    private static Command parse(byte[] c) {
        int field = -1;
        int id = -1;
        int respondedTo = -1;
        for (int p = 0; p + 8 <= c.length; ) {
            int element = (c[p + 2] & 0xFF) | (c[p + 3] & 0xFF) << 8;
            int len = (c[p + 4] & 0xFF) | (c[p + 5] & 0xFF) << 8 | (c[p + 6] & 0xFF) << 16 | (c[p + 7] & 0xFF) << 24;
            int v = len >= 2 ? (c[p + 8] & 0xFF) | (c[p + 9] & 0xFF) << 8 : -1;
            switch (element) {
                case 0x0100 -> field = v;
                case 0x0110 -> id = v;
                case 0x0120 -> respondedTo = v;
                default -> { }
            }
            p += 8 + len;
        }
        return new Command(field, id, respondedTo);
    }

    /** A-ASSOCIATE-AC for an A-ASSOCIATE-RQ body: every context accepted with its first transfer syntax. */
    private static byte[] accept(byte[] rq, List<String> proposed) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        item(items, 0x10, "1.2.840.10008.3.1.1.1".getBytes());
        for (int p = 68; p + 4 <= rq.length; ) {
            int type = rq[p] & 0xFF;
            int len = (rq[p + 2] & 0xFF) << 8 | (rq[p + 3] & 0xFF);
            if (type == 0x20) {
                int id = rq[p + 4] & 0xFF;
                String ts = null;
                for (int q = p + 8; q + 4 <= p + 4 + len; ) {
                    int subLen = (rq[q + 2] & 0xFF) << 8 | (rq[q + 3] & 0xFF);
                    if ((rq[q] & 0xFF) == 0x30) {
                        proposed.add(new String(rq, q + 4, subLen).trim());
                    }
                    if ((rq[q] & 0xFF) == 0x40 && ts == null) {
                        ts = new String(rq, q + 4, subLen).trim();
                    }
                    q += 4 + subLen;
                }
                ByteArrayOutputStream pc = new ByteArrayOutputStream();
                pc.writeBytes(new byte[] {(byte) id, 0, 0, 0});
                item(pc, 0x40, ts.getBytes());
                item(items, 0x21, pc.toByteArray());
            }
            p += 4 + len;
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, new byte[] {0, 0, 0x40, 0});
        item(user, 0x52, "1.2.826.0.1.3680043.10.1385.99".getBytes());
        item(items, 0x50, user.toByteArray());
        byte[] body = items.toByteArray();
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        int len = 68 + body.length;
        pdu.writeBytes(new byte[] {0x02, 0, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
        pdu.write(rq, 0, 68);
        pdu.writeBytes(body);
        return pdu.toByteArray();
    }

    private static void item(ByteArrayOutputStream to, int type, byte[] value) {
        to.writeBytes(new byte[] {(byte) type, 0, (byte) (value.length >>> 8), (byte) value.length});
        to.writeBytes(value);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
