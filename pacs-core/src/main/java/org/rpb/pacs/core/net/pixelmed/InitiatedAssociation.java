package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.network.Association;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.SCUSCPRoleSelection;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.rpb.pacs.core.net.Part10Meta;

/**
 * The requestor side of an association on a TCP connection that our code opened (PixelMed's own
 * initiator connects with {@code new Socket(host, port)}, which has no timeout, so an unreachable
 * host would hold the caller for the operating system's SYN retry time). Our code writes the
 * A-ASSOCIATE-RQ and reads the answer (PS3.8 9.3.2-9.3.4); once accepted, the association is
 * PixelMed's, used through the {@link Association} API like any other.
 *
 * <p>Not thread-safe during construction; afterwards as thread-safe as PixelMed's Association.
 */
final class InitiatedAssociation extends Association {
    private static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    private static final int MAX_ANSWER_PDU = 1 << 20;

    /** Why the peer (or the transport) ended the negotiation; carries no patient data. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean rejected;

        Refused(String message, boolean rejected) {
            super(message);
            this.rejected = rejected;
        }

        /** @return true for A-ASSOCIATE-RJ, false for an abort or an unexpected answer */
        boolean rejected() {
            return rejected;
        }
    }

    /**
     * Negotiates an association on a connected socket. On any failure the socket is closed.
     *
     * @param socket        connected, with its read timeout bounding the wait for the answer
     * @param called        the peer's AE title
     * @param calling       our AE title
     * @param maxPdu        the largest PDU we accept
     * @param contexts      proposed presentation contexts (PixelMed {@link PresentationContext}s)
     * @param roles         SCU/SCP role selections (PixelMed {@link SCUSCPRoleSelection}s), may be empty
     * @throws Refused      if the peer rejects or aborts, or answers something else
     * @throws IOException  if the connection fails or the answer does not come in time
     */
    InitiatedAssociation(Socket socket, String called, String calling, int maxPdu, List<?> contexts, List<?> roles)
            throws Refused, IOException {
        this.socket = socket;
        this.calledAETitle = called;
        this.callingAETitle = calling;
        this.scuSCPRoleSelections = new LinkedList<>(roles);
        boolean ok = false;
        try {
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            out.write(associateRequest(called, calling, maxPdu, contexts, roles));
            out.flush();
            DataInputStream din = new DataInputStream(in);
            // the PDU header in one read (the stream is not buffered yet: a byte per system call otherwise)
            byte[] head = new byte[6];
            din.readFully(head);
            int type = head[0] & 0xFF;
            long length = u32(head, 2);
            if (length > MAX_ANSWER_PDU) {
                throw new Refused("answer to A-ASSOCIATE-RQ is not a DICOM PDU (type 0x" + Integer.toHexString(type)
                        + ", length " + length + ")", false);
            }
            byte[] body = new byte[(int) length];
            din.readFully(body);
            switch (type) {
                case 0x02 -> accept(body, contexts, maxPdu);
                case 0x03 -> throw new Refused("A-ASSOCIATE-RJ " + rejectReason(body), true);
                case 0x07 -> throw new Refused("A-ABORT during association negotiation (source "
                        + (body.length > 2 ? body[2] & 0xFF : -1) + ", reason " + (body.length > 3 ? body[3] & 0xFF : -1) + ")", false);
                default -> throw new Refused("unexpected PDU type 0x" + Integer.toHexString(type)
                        + " in answer to A-ASSOCIATE-RQ", false);
            }
            ok = true;
        } finally {
            if (!ok) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // negotiation failed already; nothing to tell the peer
                }
            }
        }
    }

    private void accept(byte[] body, List<?> requested, int ourMaxPdu) throws Refused {
        Map<Integer, String> abstractById = new HashMap<>();
        for (Object o : requested) {
            PresentationContext pc = (PresentationContext) o;
            abstractById.put(pc.getIdentifier() & 0xFF, pc.getAbstractSyntaxUID());
        }
        LinkedList<PresentationContext> accepted = new LinkedList<>();
        int peerMax = 0;
        // fixed part: protocol version, reserved, AE titles (echoed), 32 reserved bytes
        int p = 68;
        while (p + 4 <= body.length) {
            int itemType = body[p] & 0xFF;
            int len = u16(body, p + 2);
            int start = p + 4;
            if (start + len > body.length) {
                throw new Refused("A-ASSOCIATE-AC item 0x" + Integer.toHexString(itemType) + " runs past the PDU", false);
            }
            if (itemType == 0x21 && len >= 4) {
                int id = body[start] & 0xFF;
                int result = body[start + 2] & 0xFF;
                String ts = null;
                int q = start + 4;
                while (q + 4 <= start + len) {
                    int subLen = u16(body, q + 2);
                    if ((body[q] & 0xFF) == 0x40) {
                        ts = uid(body, q + 4, subLen);
                    }
                    q += 4 + subLen;
                }
                String abs = abstractById.get(id);
                if (result == 0 && ts != null && abs != null) {
                    accepted.add(new PresentationContext((byte) id, abs, ts));
                }
            } else if (itemType == 0x50) {
                int q = start;
                while (q + 4 <= start + len) {
                    int subLen = u16(body, q + 2);
                    if ((body[q] & 0xFF) == 0x51 && subLen == 4) {
                        peerMax = (int) Math.min(Integer.MAX_VALUE, u32(body, q + 4));
                    }
                    q += 4 + subLen;
                }
            }
            p = start + len;
        }
        this.presentationContexts = accepted;
        // 0 means "no limit" (PS3.8 D.1); send PDUs no larger than what we would accept ourselves then
        this.maximumLengthReceived = peerMax == 0 ? ourMaxPdu : peerMax;
    }

    private static String rejectReason(byte[] body) {
        if (body.length < 4) {
            return "(no reason given)";
        }
        int result = body[1] & 0xFF;
        int source = body[2] & 0xFF;
        int reason = body[3] & 0xFF;
        String why = switch (source) {
            case 1 -> switch (reason) {
                case 2 -> "application context name not supported";
                case 3 -> "calling AE title not recognized";
                case 7 -> "called AE title not recognized";
                default -> "no reason given";
            };
            case 2 -> reason == 2 ? "protocol version not supported" : "no reason given";
            case 3 -> reason == 1 ? "temporary congestion" : reason == 2 ? "local limit exceeded" : "no reason given";
            default -> "reason " + reason;
        };
        return (result == 2 ? "transient" : "permanent") + ": " + why + " (source " + source + ", reason " + reason + ")";
    }

    /** Encodes the A-ASSOCIATE-RQ PDU (PS3.8 9.3.2). */
    static byte[] associateRequest(String called, String calling, int maxPdu, List<?> contexts, List<?> roles) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        item(items, 0x10, ascii(APPLICATION_CONTEXT));
        for (Object o : contexts) {
            PresentationContext pc = (PresentationContext) o;
            ByteArrayOutputStream sub = new ByteArrayOutputStream();
            sub.write(pc.getIdentifier());
            sub.write(0);
            sub.write(0);
            sub.write(0);
            item(sub, 0x30, ascii(pc.getAbstractSyntaxUID()));
            for (Object ts : pc.getTransferSyntaxUIDs()) {
                item(sub, 0x40, ascii((String) ts));
            }
            item(items, 0x20, sub.toByteArray());
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, new byte[] {(byte) (maxPdu >>> 24), (byte) (maxPdu >>> 16), (byte) (maxPdu >>> 8), (byte) maxPdu});
        item(user, 0x52, ascii(Part10Meta.IMPLEMENTATION_CLASS_UID));
        for (Object o : roles) {
            SCUSCPRoleSelection r = (SCUSCPRoleSelection) o;
            byte[] uid = ascii(r.getAbstractSyntaxUID());
            ByteArrayOutputStream role = new ByteArrayOutputStream();
            role.write(uid.length >>> 8);
            role.write(uid.length);
            role.writeBytes(uid);
            role.write(r.isSCURoleSupported() ? 1 : 0);
            role.write(r.isSCPRoleSupported() ? 1 : 0);
            item(user, 0x54, role.toByteArray());
        }
        item(user, 0x55, ascii(Part10Meta.IMPLEMENTATION_VERSION));
        item(items, 0x50, user.toByteArray());

        byte[] body = items.toByteArray();
        ByteArrayOutputStream pdu = new ByteArrayOutputStream(6 + 68 + body.length);
        int length = 68 + body.length;
        pdu.writeBytes(new byte[] {0x01, 0, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        pdu.writeBytes(new byte[] {0, 1, 0, 0});
        pdu.writeBytes(aeField(called));
        pdu.writeBytes(aeField(calling));
        pdu.writeBytes(new byte[32]);
        pdu.writeBytes(body);
        return pdu.toByteArray();
    }

    private static void item(ByteArrayOutputStream to, int type, byte[] value) {
        to.write(type);
        to.write(0);
        to.write(value.length >>> 8);
        to.write(value.length);
        to.writeBytes(value);
    }

    private static byte[] aeField(String ae) {
        byte[] f = new byte[16];
        java.util.Arrays.fill(f, (byte) ' ');
        byte[] a = ascii(ae);
        System.arraycopy(a, 0, f, 0, Math.min(16, a.length));
        return f;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String uid(byte[] b, int off, int len) {
        int end = off + len;
        while (end > off && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFFL) << 16 | (b[p + 2] & 0xFFL) << 8 | (b[p + 3] & 0xFFL);
    }

    @Override
    public String getCallingAEHostName() {
        return socket.getLocalAddress().getHostAddress();
    }

    @Override
    public String getCalledAEHostName() {
        return socket.getInetAddress() == null ? null : socket.getInetAddress().getHostAddress();
    }

    @Override
    public int getCallingAEPort() {
        return socket.getLocalPort();
    }

    @Override
    public int getCalledAEPort() {
        return socket.getPort();
    }
}
