package org.rpb.pacs.core.net.dicomweb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streaming reader of a multipart/related body (RFC 2046): each part's body is copied to a sink as
 * it arrives, so a whole study never sits in memory. Only a buffer of the boundary's length is held.
 */
final class MultipartReader {

    /** Receives parts. */
    interface PartSink {
        /** @return where the part's body goes (closed by the caller of {@link #next}) */
        OutputStream open(Map<String, String> headers) throws IOException;
    }

    private final java.io.PushbackInputStream in;
    private final byte[] delimiter;
    private boolean finished;

    /**
     * @param in       the body
     * @param boundary the boundary parameter of the Content-Type
     */
    MultipartReader(InputStream in, String boundary) throws IOException {
        this.in = new java.io.PushbackInputStream(new java.io.BufferedInputStream(in, 65536), 65536);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // the first boundary may come without a preceding CRLF
        byte[] first = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        skipPast(first);
        finished = afterBoundary();
    }

    /**
     * Reads the next part into the sink.
     *
     * @return false if there are no more parts
     */
    boolean next(PartSink sink) throws IOException {
        if (finished) {
            return false;
        }
        Map<String, String> headers = readHeaders();
        try (OutputStream out = sink.open(headers)) {
            copyUntilDelimiter(out);
        }
        finished = afterBoundary();
        return true;
    }

    /** After a boundary: "--" ends the body, otherwise the rest of the line is skipped. */
    private boolean afterBoundary() throws IOException {
        int a = in.read();
        int b = in.read();
        if (a == '-' && b == '-') {
            return true;
        }
        if (a < 0) {
            throw new IOException("multipart body ends after a boundary without the closing delimiter");
        }
        int prev = b;
        if (a == '\r' && b == '\n') {
            return false;
        }
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("multipart body truncated after a boundary");
            }
            if (prev == '\r' && c == '\n') {
                return false;
            }
            prev = c;
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("multipart part headers truncated");
            }
            if (prev == '\r' && c == '\n') {
                byte[] a = b.toByteArray();
                return new String(a, 0, a.length - 1, StandardCharsets.ISO_8859_1);
            }
            if (b.size() > 8192) {
                throw new IOException("multipart part header line too long");
            }
            b.write(c);
            prev = c;
        }
    }

    private void skipPast(byte[] pattern) throws IOException {
        copyUntil(pattern, OutputStream.nullOutputStream(), "the first boundary");
    }

    private void copyUntilDelimiter(OutputStream out) throws IOException {
        copyUntil(delimiter, out, "the boundary after a part");
    }

    /** Copies bytes until the pattern (consumed, not copied), using a ring of the pattern's length. */
    private void copyUntil(byte[] pattern, OutputStream out, String what) throws IOException {
        int n = pattern.length;
        int[] fail = failure(pattern);
        byte[] pending = new byte[n];
        int matched = 0;
        byte[] buf = new byte[65536];
        byte[] outBuf = new byte[65536 + n];
        int outLen = 0;
        while (true) {
            int r = in.read(buf);
            if (r < 0) {
                throw new IOException("multipart body truncated: did not find " + what);
            }
            for (int i = 0; i < r; i++) {
                byte c = buf[i];
                while (matched > 0 && pattern[matched] != c) {
                    // bytes that can no longer be part of the delimiter go to the output
                    int keep = fail[matched - 1];
                    int drop = matched - keep;
                    System.arraycopy(pending, 0, outBuf, outLen, drop);
                    outLen += drop;
                    System.arraycopy(pending, drop, pending, 0, keep);
                    matched = keep;
                }
                if (pattern[matched] == c) {
                    pending[matched++] = c;
                    if (matched == n) {
                        out.write(outBuf, 0, outLen);
                        // push back what follows the delimiter in this buffer
                        in.unread(buf, i + 1, r - i - 1);
                        return;
                    }
                } else {
                    outBuf[outLen++] = c;
                }
                if (outLen >= 65536) {
                    out.write(outBuf, 0, outLen);
                    outLen = 0;
                }
            }
        }
    }

    private static int[] failure(byte[] p) {
        int[] f = new int[p.length];
        int k = 0;
        for (int i = 1; i < p.length; i++) {
            while (k > 0 && p[i] != p[k]) {
                k = f[k - 1];
            }
            if (p[i] == p[k]) {
                k++;
            }
            f[i] = k;
        }
        return f;
    }

    /** @return the parameter of a header value such as {@code boundary} of a Content-Type, or null */
    static String parameter(String headerValue, String name) {
        for (String part : headerValue.split(";")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }
}
