package org.rpb.pacs.core.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The File Meta Information of a Part 10 file, as the network code needs it: SOP class, SOP
 * instance, transfer syntax and where the data set starts. The network layer sends and receives
 * the data set bytes unchanged, so it only reads and writes group 0002 itself; the full check of a
 * file is done with the pacs-core reader.
 *
 * @param sopClassUid       Media Storage SOP Class UID
 * @param sopInstanceUid    Media Storage SOP Instance UID
 * @param transferSyntaxUid Transfer Syntax UID
 * @param dataSetOffset     byte offset of the data set in the file
 */
public record Part10Meta(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, long dataSetOffset) {

    /** Implementation Class UID written into files the network code creates. */
    public static final String IMPLEMENTATION_CLASS_UID = "1.2.826.0.1.3680043.10.1385.1";
    /** Implementation Version Name written into files the network code creates. */
    public static final String IMPLEMENTATION_VERSION = "RPB_PACS_1";

    /**
     * Reads the meta information of a file.
     *
     * @param file a Part 10 file
     * @return its meta information
     * @throws IOException naming the file and what is wrong if it is not a Part 10 file with the three UIDs
     */
    public static Part10Meta read(Path file) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 2048)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads the meta information from a stream positioned at the preamble; leaves the stream at the data set.
     *
     * @param in     the stream
     * @param source name of the source for messages
     * @return the meta information
     * @throws IOException if it is not a Part 10 stream with the three UIDs
     */
    public static Part10Meta read(InputStream in, String source) throws IOException {
        byte[] head = in.readNBytes(132);
        if (head.length < 132 || head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M') {
            throw new IOException(source + ": not a DICOM Part 10 file (no DICM prefix at offset 128)");
        }
        long offset = 132;
        String cls = null;
        String inst = null;
        String ts = null;
        long groupEnd = -1;
        while (groupEnd < 0 || offset < groupEnd) {
            byte[] h = in.readNBytes(8);
            if (h.length < 8) {
                throw new EOFException(source + ": file meta information truncated at offset " + offset);
            }
            int group = (h[0] & 0xFF) | (h[1] & 0xFF) << 8;
            int element = (h[2] & 0xFF) | (h[3] & 0xFF) << 8;
            if (group != 0x0002) {
                throw new IOException(source + ": element (" + hex(group) + "," + hex(element) + ") inside the file meta information at offset " + offset);
            }
            String vr = new String(h, 4, 2, StandardCharsets.US_ASCII);
            long length;
            int headerLength = 8;
            if (vr.equals("OB") || vr.equals("OW") || vr.equals("UN") || vr.equals("SQ") || vr.equals("UT") || vr.equals("UC") || vr.equals("UR")) {
                byte[] l = in.readNBytes(4);
                if (l.length < 4) {
                    throw new EOFException(source + ": file meta information truncated at offset " + offset);
                }
                length = (l[0] & 0xFFL) | (l[1] & 0xFFL) << 8 | (l[2] & 0xFFL) << 16 | (l[3] & 0xFFL) << 24;
                headerLength = 12;
            } else {
                length = (h[6] & 0xFF) | (h[7] & 0xFF) << 8;
            }
            if (length > 1 << 20) {
                throw new IOException(source + ": implausible length " + length + " of (0002," + hex(element) + ") at offset " + offset);
            }
            byte[] value = in.readNBytes((int) length);
            if (value.length < length) {
                throw new EOFException(source + ": value of (0002," + hex(element) + ") truncated at offset " + offset);
            }
            if (element == 0x0000 && length == 4) {
                long gl = (value[0] & 0xFFL) | (value[1] & 0xFFL) << 8 | (value[2] & 0xFFL) << 16 | (value[3] & 0xFFL) << 24;
                groupEnd = offset + headerLength + length + gl;
            } else if (element == 0x0002) {
                cls = uid(value);
            } else if (element == 0x0003) {
                inst = uid(value);
            } else if (element == 0x0010) {
                ts = uid(value);
            }
            offset += headerLength + length;
            if (groupEnd < 0 && element == 0x0000) {
                throw new IOException(source + ": bad (0002,0000) group length at offset " + offset);
            }
            if (groupEnd < 0 && ts != null && cls != null && inst != null) {
                // no group length: cannot know where group 0002 ends without peeking; require it
                throw new IOException(source + ": file meta information has no group length (0002,0000)");
            }
        }
        if (cls == null || inst == null || ts == null) {
            throw new IOException(source + ": file meta information lacks "
                    + (cls == null ? "(0002,0002) " : "") + (inst == null ? "(0002,0003) " : "") + (ts == null ? "(0002,0010)" : ""));
        }
        return new Part10Meta(cls, inst, ts, offset);
    }

    /**
     * Writes a preamble and File Meta Information (explicit VR little endian).
     *
     * @param out                the stream; the data set in {@code transferSyntaxUid} must follow
     * @param sopClassUid        SOP class
     * @param sopInstanceUid     SOP instance
     * @param transferSyntaxUid  transfer syntax of the data set that follows
     * @param sourceAeTitle      the AE that sent it, or null
     * @throws IOException on write failure
     */
    public static void write(OutputStream out, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                             String sourceAeTitle) throws IOException {
        ByteArrayOutputStream group = new ByteArrayOutputStream(256);
        element(group, 0x0001, "OB", new byte[] {0, 1});
        element(group, 0x0002, "UI", uidBytes(sopClassUid));
        element(group, 0x0003, "UI", uidBytes(sopInstanceUid));
        element(group, 0x0010, "UI", uidBytes(transferSyntaxUid));
        element(group, 0x0012, "UI", uidBytes(IMPLEMENTATION_CLASS_UID));
        element(group, 0x0013, "SH", textBytes(IMPLEMENTATION_VERSION));
        if (sourceAeTitle != null && !sourceAeTitle.isBlank()) {
            element(group, 0x0016, "AE", textBytes(sourceAeTitle.trim()));
        }
        byte[] body = group.toByteArray();
        ByteArrayOutputStream all = new ByteArrayOutputStream(132 + 12 + body.length);
        all.write(new byte[128]);
        all.write(new byte[] {'D', 'I', 'C', 'M'});
        int n = body.length;
        element(all, 0x0000, "UL", new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
        all.write(body);
        all.writeTo(out);
    }

    private static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
        out.write(0x02);
        out.write(0x00);
        out.write(element & 0xFF);
        out.write(element >> 8 & 0xFF);
        out.write(vr.charAt(0));
        out.write(vr.charAt(1));
        if (vr.equals("OB")) {
            out.write(0);
            out.write(0);
            int n = value.length;
            out.write(n & 0xFF);
            out.write(n >> 8 & 0xFF);
            out.write(n >> 16 & 0xFF);
            out.write(n >> 24 & 0xFF);
        } else {
            out.write(value.length & 0xFF);
            out.write(value.length >> 8 & 0xFF);
        }
        out.write(value, 0, value.length);
    }

    private static byte[] uidBytes(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] p = new byte[b.length + 1];
        System.arraycopy(b, 0, p, 0, b.length);
        return p;
    }

    private static byte[] textBytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] p = new byte[b.length + 1];
        System.arraycopy(b, 0, p, 0, b.length);
        p[b.length] = ' ';
        return p;
    }

    private static String uid(byte[] value) {
        int end = value.length;
        while (end > 0 && (value[end - 1] == 0 || value[end - 1] == ' ')) {
            end--;
        }
        return new String(value, 0, end, StandardCharsets.US_ASCII);
    }

    private static String hex(int v) {
        return String.format("%04X", v);
    }
}
