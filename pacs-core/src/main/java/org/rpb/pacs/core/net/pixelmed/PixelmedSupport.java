package org.rpb.pacs.core.net.pixelmed;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.Map;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.FindMatch;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.Operation;
import org.rpb.pacs.core.net.PacsNode;

/** Shared plumbing of the PixelMed adapter: associations with our socket options, identifiers, errors. */
final class PixelmedSupport {
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String PATIENT_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.1.1";
    static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    static final String STUDY_ROOT_GET = "1.2.840.10008.5.1.4.1.2.2.3";

    /** Our maximum PDU length received; 16 kB like most toolkits, large enough to keep the pipe full. */
    static final int MAX_PDU = 65536;
    static final int SOCKET_BUFFER = 256 * 1024;

    private static final Field SOCKET_FIELD = associationField("socket");
    private static final Field OUT_FIELD = associationField("out");
    private static final Field IN_FIELD = associationField("in");
    private static final Field MAX_LENGTH_FIELD = associationField("maximumLengthReceived");
    /** How long an acceptor waits, after A-RELEASE-RP, for the requestor to close the connection. */
    static final int RELEASE_CLOSE_WAIT_MS = 10;

    static {
        /*
         * After sending A-RELEASE-RP, PixelMed's acceptor waits the full ARTIM time (5 s, a private static)
         * before closing, even when the peer has already closed: every association would pin a worker
         * thread for 5 s (and count against maxAssociations). The requestor closes right after the
         * RP and sends nothing after its A-RELEASE-RQ, so closing at once is safe. The wait is kept short
         * (never 0, which to Object.wait means forever): a sender that moves many small series opens an
         * association per series, and each held its thread for the wait (200 ms before round 8, a third of a
         * one-instance series' time). This is PixelMed's own process-wide setting, set once to a constant;
         * nothing else in PixelMed depends on it.
         */
        try {
            Field f = Association.class.getDeclaredField("associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
            f.setAccessible(true);
            f.setInt(null, RELEASE_CLOSE_WAIT_MS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot shorten PixelMed's release-to-close wait", e);
        }
    }

    private PixelmedSupport() {
    }

    /** Makes sure the static setup above ran (class initialisation). */
    static void init() {
        // the static initialiser does the work
    }

    /*
     * The association's socket and output stream are protected fields of PixelMed's Association:
     * our requestor sets them itself, the acceptor side (PixelMed's AssociationAcceptor) does not,
     * so TCP_NODELAY and buffering are (re)applied there. If a PixelMed upgrade renames a field,
     * this fails loudly.
     */
    private static Field associationField(String name) {
        try {
            Field f = Association.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("PixelMed's Association has no accessible '" + name
                    + "' field; cannot set TCP_NODELAY and buffering", e);
        }
    }

    /*
     * PixelMed's AssociationOutputStream writes the 12 header bytes of every P-DATA PDU one byte at a
     * time to the socket stream (and flushes after each PDU). With TCP_NODELAY each byte would leave as
     * its own segment, so the association's stream is buffered; every PixelMed write path ends with a
     * flush, so nothing stays in the buffer.
     */
    static void tune(Association a, int soTimeoutMs) throws IOException {
        Socket s = socketOf(a);
        s.setTcpNoDelay(true);
        s.setSoTimeout(soTimeoutMs);
        try {
            java.io.OutputStream raw = (java.io.OutputStream) OUT_FIELD.get(a);
            if (!(raw instanceof java.io.BufferedOutputStream)) {
                OUT_FIELD.set(a, new java.io.BufferedOutputStream(raw, MAX_PDU + 64));
            }
            java.io.InputStream in = (java.io.InputStream) IN_FIELD.get(a);
            if (!(in instanceof TimeoutHookStream)) {
                IN_FIELD.set(a, new TimeoutHookStream(in));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot buffer PixelMed association stream", e);
        }
    }

    /**
     * Runs {@code action} when a read on the association times out, before PixelMed sees the
     * timeout: PixelMed closes the socket on any read failure, which would leave no way to send
     * C-CANCEL or A-ABORT afterwards. Null removes the action.
     */
    static void onReadTimeout(Association a, Runnable action) {
        try {
            ((TimeoutHookStream) IN_FIELD.get(a)).onTimeout = action;
        } catch (IllegalAccessException | ClassCastException e) {
            throw new IllegalStateException("association stream not tuned", e);
        }
    }

    /**
     * The association's input, buffered (PixelMed reads each PDU header and body with separate
     * calls), with a hook that runs on a read timeout in the reading thread, the socket still open.
     */
    private static final class TimeoutHookStream extends java.io.BufferedInputStream {
        private volatile Runnable onTimeout;

        TimeoutHookStream(java.io.InputStream in) {
            super(in, MAX_PDU + 64);
        }

        @Override
        public synchronized int read() throws IOException {
            try {
                return super.read();
            } catch (SocketTimeoutException e) {
                throw timedOut(e);
            }
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw timedOut(e);
            }
        }

        private SocketTimeoutException timedOut(SocketTimeoutException e) {
            Runnable r = onTimeout;
            onTimeout = null;
            if (r != null) {
                r.run();
            }
            return e;
        }
    }

    /** @return the association's (tuned, buffered) output stream, for writing PDUs of our own */
    static java.io.OutputStream outputOf(Association a) {
        try {
            return (java.io.OutputStream) OUT_FIELD.get(a);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach PixelMed's association stream", e);
        }
    }

    /** @return the peer's maximum PDU length as negotiated (0: no limit) */
    static int maximumLengthReceived(Association a) {
        try {
            return MAX_LENGTH_FIELD.getInt(a);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read PixelMed's negotiated maximum PDU length", e);
        }
    }

    /**
     * @return the TCP socket under an association
     */
    static Socket socketOf(Association a) {
        try {
            return (Socket) SOCKET_FIELD.get(a);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read PixelMed association socket", e);
        }
    }

    /**
     * Opens an association with the node: our code connects the socket (TCP_NODELAY, buffers,
     * bounded by the node's connect timeout, which also bounds the association negotiation), then
     * the association runs on PixelMed; the response timeout is set on the socket afterwards.
     */
    static Association open(PacsNode node, Operation op, LinkedList<?> contexts, LinkedList<?> roles)
            throws DicomNetworkException {
        long timeoutMs = Math.max(1, Math.min(Integer.MAX_VALUE, node.connectTimeout().toMillis()));
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        Socket s = new Socket();
        Association a;
        try {
            s.setTcpNoDelay(true);
            s.setReceiveBufferSize(SOCKET_BUFFER);
            s.setSendBufferSize(SOCKET_BUFFER);
            s.connect(new InetSocketAddress(node.host(), node.port()), (int) timeoutMs);
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            a = new InitiatedAssociation(s, node.aeTitle(), node.callingAeTitle(), MAX_PDU, contexts, roles);
        } catch (InitiatedAssociation.Refused e) {
            throw new DicomNetworkException(node.describe(), op, DicomStatus.NONE,
                    (e.rejected() ? "association rejected: " : "association failed: ") + e.getMessage(), e);
        } catch (UnknownHostException e) {
            closeQuietly(s);
            throw new DicomNetworkException(node.describe(), op, DicomStatus.NONE, "unknown host " + node.host(), e);
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new DicomNetworkException(node.describe(), op, DicomStatus.NONE, "cannot connect: no connection and "
                    + "association within the connect timeout of " + timeoutMs + " ms", e);
        } catch (ConnectException | NoRouteToHostException e) {
            closeQuietly(s);
            throw new DicomNetworkException(node.describe(), op, DicomStatus.NONE,
                    "cannot connect (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            closeQuietly(s);
            throw new DicomNetworkException(node.describe(), op, DicomStatus.NONE,
                    "connection failed while opening the association (" + e + ")", e);
        }
        try {
            tune(a, (int) Math.min(Integer.MAX_VALUE, node.responseTimeout().toMillis()));
        } catch (IOException e) {
            abortQuietly(a);
            throw new DicomNetworkException(node.describe(), op, DicomStatus.NONE, "cannot set socket options", e);
        }
        return a;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a socket that never carried an association
        }
    }

    static void abortQuietly(Association a) {
        try {
            a.abort();
        } catch (Exception ignored) {
            // already broken; nothing more to tell the peer
        }
    }

    static void release(Association a) {
        try {
            a.release();
        } catch (Exception e) {
            abortQuietly(a);
        }
    }

    static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException || c instanceof InterruptedIOException) {
                return true;
            }
            // PixelMed turns transport failures into its own exception and keeps only the text
            String m = c.getMessage();
            if (m != null && (m.contains("SocketTimeoutException") || m.contains("Read timed out"))) {
                return true;
            }
        }
        return false;
    }

    /** Builds the identifier of a query as a data set in the given transfer syntax. */
    static byte[] identifier(FindQuery q, boolean onlyMatchingKeys, String ts) throws DicomException, IOException {
        AttributeList list = new AttributeList();
        Attribute level = new CodeStringAttribute(TagFromName.QueryRetrieveLevel);
        level.addValue(q.level().code());
        list.put(level);
        for (Map.Entry<Integer, String> e : q.keys().entrySet()) {
            if (onlyMatchingKeys && e.getValue().isEmpty()) {
                continue;
            }
            AttributeTag tag = new AttributeTag(e.getKey() >>> 16, e.getKey() & 0xFFFF);
            Attribute a = AttributeFactory.newAttribute(tag);
            if (!e.getValue().isEmpty()) {
                for (String v : e.getValue().split("\\\\", -1)) {
                    a.addValue(v);
                }
            }
            list.put(a);
        }
        if (q.keys().values().stream().anyMatch(v -> v.chars().anyMatch(c -> c > 0x7E))) {
            Attribute cs = new CodeStringAttribute(TagFromName.SpecificCharacterSet);
            cs.addValue("ISO_IR 192");
            list.put(cs);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, ts, false, false, false);
        return out.toByteArray();
    }

    private static final org.rpb.pacs.core.io.DicomReader READER = org.rpb.pacs.core.io.DicomReader.create();

    /**
     * Converts an encoded response identifier to a match, as {@link #match(FindQuery, AttributeList)} does
     * after PixelMed's reader: decoded with the pacs-core reader when every kept element is text (the
     * listing of a series answers one identifier per instance, and PixelMed's reader, with a dictionary
     * look-up and a reflective constructor per element, cost more than the rest of the listing); an
     * identifier with binary values (or one the pacs-core reader refuses) goes through PixelMed's reader.
     */
    static FindMatch match(FindQuery q, byte[] identifier, String transferSyntaxUid)
            throws com.pixelmed.network.DicomNetworkException, DicomException, IOException {
        org.rpb.pacs.core.data.TransferSyntax ts = org.rpb.pacs.core.data.TransferSyntax.of(transferSyntaxUid);
        if (ts.isKnown() && !ts.deflated() && !ts.bigEndian()) {
            try {
                FindMatch m = textMatch(q, READER.readDataSet(identifier, ts));
                if (m != null) {
                    return m;
                }
            } catch (org.rpb.pacs.core.io.DicomParseException | RuntimeException e) {
                // PixelMed's reader below decides (and reports) what is wrong
            }
        }
        return match(q, MessageHandler.getAttributeListFromCommandOrData(identifier, transferSyntaxUid));
    }

    /** The match of a decoded identifier, or null if it holds a kept element that is not text. */
    private static FindMatch textMatch(FindQuery q, org.rpb.pacs.core.data.DataSet ds) {
        Map<Integer, String> values = new LinkedHashMap<>();
        for (org.rpb.pacs.core.data.DataElement e : ds) {
            int tag = e.tag().value();
            if (tag >>> 16 <= 0x0002 || e.isSequence() || tag == 0x00080052 || tag == 0x00080005) {
                continue;
            }
            if (!e.vr().isText() || !e.isBytes()) {
                return null;
            }
            values.put(tag, String.join("\\", ds.getStrings(e.tag())).trim());
        }
        return new FindMatch(q.level(), values);
    }

    /** Converts a response identifier to a match: sequences and command/meta groups are left out. */
    static FindMatch match(FindQuery q, AttributeList list) {
        Map<Integer, String> values = new LinkedHashMap<>();
        for (Object o : list.values()) {
            Attribute a = (Attribute) o;
            AttributeTag t = a.getTag();
            if (t.getGroup() <= 0x0002 || a instanceof SequenceAttribute || t.equals(TagFromName.QueryRetrieveLevel)
                    || t.equals(TagFromName.SpecificCharacterSet)) {
                continue;
            }
            values.put(t.getGroup() << 16 | t.getElement(), a.getDelimitedStringValuesOrEmptyString().trim());
        }
        return new FindMatch(q.level(), values);
    }

    /** C-CANCEL-RQ command set (implicit VR little endian), which PixelMed has no class for. */
    static byte[] cancelCommand(int messageIdBeingRespondedTo) {
        byte[] b = new byte[42];
        int p = 0;
        p = ul(b, p, 0x0000, 30);
        p = us(b, p, 0x0100, 0x0FFF);
        p = us(b, p, 0x0120, messageIdBeingRespondedTo);
        us(b, p, 0x0800, 0x0101);
        return b;
    }

    /**
     * C-MOVE-RQ command set (implicit VR little endian, PS3.7 9.3.4.1) with a Message ID of the
     * caller's choosing (PixelMed's request class numbers requests itself), medium priority, an
     * identifier following (Command Data Set Type other than 0x0101).
     */
    static byte[] moveCommand(String sopClassUid, int messageId, String destination) {
        byte[] sop = evenAscii(sopClassUid, (byte) 0);
        byte[] dest = evenAscii(String.format("%-16s", destination), (byte) ' ');
        int groupLength = (8 + sop.length) + (8 + 2) + (8 + 2) + (8 + dest.length) + (8 + 2) + (8 + 2);
        byte[] b = new byte[12 + groupLength];
        int p = ul(b, 0, 0x0000, groupLength);
        p = text(b, p, 0x0002, sop);
        p = us(b, p, 0x0100, 0x0021);
        p = us(b, p, 0x0110, messageId);
        p = text(b, p, 0x0600, dest);
        p = us(b, p, 0x0700, 0x0000);
        us(b, p, 0x0800, 0x0001);
        return b;
    }

    /**
     * Sends a command set alone as one P-DATA-TF PDU (one PDV, command, last fragment), as
     * {@code Association.send(pcid, command, null)} does, without its per-message list, PDV object and
     * growing byte stream. The association must have been {@link #tune tuned} (its stream is ours).
     */
    static void sendCommand(Association a, byte pcid, byte[] command) throws com.pixelmed.network.DicomNetworkException {
        int pdv = command.length + 2;
        byte[] pdu = new byte[12 + command.length];
        pdu[0] = 0x04;
        be32(pdu, 2, pdv + 4);
        be32(pdu, 6, pdv);
        pdu[10] = pcid;
        pdu[11] = 0x03;
        System.arraycopy(command, 0, pdu, 12, command.length);
        try {
            java.io.OutputStream out = outputOf(a);
            out.write(pdu);
            out.flush();
        } catch (IOException e) {
            throw new com.pixelmed.network.DicomNetworkException("A-P-ABORT indication - " + e);
        }
    }

    private static void be32(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    /**
     * C-STORE-RQ command set (implicit VR little endian), as PixelMed's CStoreRequestCommandMessage encodes it
     * but with a Message ID of the caller's (PixelMed's is a process-wide counter that is not thread-safe) and
     * without building an attribute list per instance.
     */
    static byte[] storeCommand(String sopClassUid, String sopInstanceUid, int messageId) {
        // Command Field C-STORE-RQ, Message ID, Priority MEDIUM, Command Data Set Type: a data set follows
        return storeCommandSet(sopClassUid, sopInstanceUid, 0x0100, 0x0001, 0x0110, messageId, 0x0700, 0x0000,
                0x0800, 0x0001);
    }

    /** C-STORE-RSP command set (implicit VR little endian), as PixelMed's CStoreResponseCommandMessage encodes it. */
    static byte[] storeResponse(String sopClassUid, String sopInstanceUid, int messageIdBeingRespondedTo, int status) {
        // Command Field C-STORE-RSP, Message ID Being Responded To, Command Data Set Type: none, Status
        return storeCommandSet(sopClassUid, sopInstanceUid, 0x0100, 0x8001, 0x0120, messageIdBeingRespondedTo,
                0x0800, 0x0101, 0x0900, status);
    }

    /**
     * A C-STORE command set: Affected SOP Class UID, four US elements of group 0000 between it and the Affected SOP
     * Instance UID, and the group length.
     *
     * @param usElements four pairs of element number (ascending, all between 0002 and 1000) and value
     */
    private static byte[] storeCommandSet(String sopClassUid, String sopInstanceUid, int... usElements) {
        byte[] sop = evenAscii(sopClassUid, (byte) 0);
        byte[] inst = evenAscii(sopInstanceUid, (byte) 0);
        int groupLength = (8 + sop.length) + usElements.length / 2 * (8 + 2) + (8 + inst.length);
        byte[] b = new byte[12 + groupLength];
        int p = ul(b, 0, 0x0000, groupLength);
        p = text(b, p, 0x0002, sop);
        for (int k = 0; k < usElements.length; k += 2) {
            p = us(b, p, usElements[k], usElements[k + 1]);
        }
        text(b, p, 0x1000, inst);
        return b;
    }

    /**
     * Decodes a command set (implicit VR little endian). The elements of the DIMSE services this adapter
     * speaks are built directly; PixelMed's generic reader (a stream, a dictionary look-up and a reflective
     * constructor per element) took more CPU per instance than the whole C-STORE otherwise. A command with
     * any other element, or a damaged one, is left to PixelMed's reader, which reports it as before.
     */
    static AttributeList command(byte[] b) throws com.pixelmed.network.DicomNetworkException, DicomException, IOException {
        AttributeList list = new AttributeList();
        int p = 0;
        while (p < b.length) {
            if (p + 8 > b.length) {
                return genericCommand(b);
            }
            int group = le16(b, p);
            int element = le16(b, p + 2);
            long len = le16(b, p + 4) | (long) le16(b, p + 6) << 16;
            int start = p + 8;
            if (group != 0 || len > b.length - start) {
                return genericCommand(b);
            }
            int n = (int) len;
            AttributeTag tag = new AttributeTag(0, element);
            Attribute a;
            switch (element) {
                case 0x0000 -> {
                    if (n != 4) {
                        return genericCommand(b);
                    }
                    a = new com.pixelmed.dicom.UnsignedLongAttribute(tag);
                    a.addValue(le16(b, start) | (long) le16(b, start + 2) << 16);
                }
                case 0x0100, 0x0110, 0x0120, 0x0700, 0x0800, 0x0900, 0x0903, 0x1020, 0x1021, 0x1022, 0x1023, 0x1031 -> {
                    if (n % 2 != 0) {
                        return genericCommand(b);
                    }
                    a = new com.pixelmed.dicom.UnsignedShortAttribute(tag);
                    for (int i = 0; i < n; i += 2) {
                        a.addValue(le16(b, start + i));
                    }
                }
                case 0x0002, 0x0003, 0x1000, 0x1001 -> a = strings(new com.pixelmed.dicom.UniqueIdentifierAttribute(tag), b, start, n);
                case 0x0600, 0x1030 -> a = strings(new com.pixelmed.dicom.ApplicationEntityAttribute(tag), b, start, n);
                case 0x0902 -> a = strings(new com.pixelmed.dicom.LongStringAttribute(tag), b, start, n);
                default -> {
                    return genericCommand(b);
                }
            }
            list.put(a);
            p = start + n;
        }
        return list;
    }

    private static AttributeList genericCommand(byte[] b)
            throws com.pixelmed.network.DicomNetworkException, DicomException, IOException {
        return MessageHandler.getAttributeListFromCommandOrData(b, IMPLICIT_LE);
    }

    /** Adds the backslash-separated values of an ASCII text element, padding (space, NUL) trimmed at the end. */
    private static Attribute strings(Attribute a, byte[] b, int start, int n) throws DicomException {
        int end = start + n;
        while (end > start && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        if (end == start) {
            return a;
        }
        int from = start;
        for (int i = start; i <= end; i++) {
            if (i == end || b[i] == '\\') {
                a.addValue(new String(b, from, i - from, java.nio.charset.StandardCharsets.ISO_8859_1));
                from = i + 1;
            }
        }
        return a;
    }

    private static int le16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    private static byte[] evenAscii(String s, byte pad) {
        byte[] a = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (a.length % 2 == 0) {
            return a;
        }
        byte[] e = java.util.Arrays.copyOf(a, a.length + 1);
        e[a.length] = pad;
        return e;
    }

    private static int text(byte[] b, int p, int element, byte[] value) {
        p = header(b, p, element, value.length);
        System.arraycopy(value, 0, b, p, value.length);
        return p + value.length;
    }

    private static int ul(byte[] b, int p, int element, int value) {
        p = header(b, p, element, 4);
        b[p++] = (byte) value;
        b[p++] = (byte) (value >> 8);
        b[p++] = (byte) (value >> 16);
        b[p++] = (byte) (value >> 24);
        return p;
    }

    private static int us(byte[] b, int p, int element, int value) {
        p = header(b, p, element, 2);
        b[p++] = (byte) value;
        b[p++] = (byte) (value >> 8);
        return p;
    }

    private static int header(byte[] b, int p, int element, int length) {
        b[p++] = 0;
        b[p++] = 0;
        b[p++] = (byte) element;
        b[p++] = (byte) (element >> 8);
        b[p++] = (byte) length;
        b[p++] = 0;
        b[p++] = 0;
        b[p++] = 0;
        return p;
    }

    static int intValue(AttributeList command, AttributeTag tag, int dflt) {
        return Attribute.getSingleIntegerValueOrDefault(command, tag, dflt);
    }

    static String stringValue(AttributeList command, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(command, tag).trim();
    }
}
