package org.rpb.pacs.web.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the parts of a multipart/related body one after another and copies each part's content to an output
 * stream, without holding a part in memory. Used to join the series of a study into one response.
 */
final class MultipartParts {

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private boolean started;
    private boolean done;

    /**
     * @param in       the body, positioned at its start
     * @param boundary the boundary of its Content-Type
     */
    MultipartParts(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the Content-Type boundary parameter, or null */
    static String boundary(String contentType) {
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.regionMatches(true, 0, "boundary=", 0, 9)) {
                String v = t.substring(9).trim();
                return v.startsWith("\"") && v.endsWith("\"") && v.length() > 1 ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /** Where a part's content goes, once its Content-Type is known. */
    interface Sink {
        /** @return the stream the part's content is written to (not closed afterwards) */
        OutputStream open(String contentType) throws IOException;
    }

    /**
     * Copies the next part's content (after its headers) to the stream the sink opens for it.
     *
     * @return false when there are no more parts
     * @throws IOException when the body is damaged or cannot be read
     */
    boolean next(Sink sink) throws IOException {
        if (done) {
            return false;
        }
        if (!started) {
            started = true;
            // the first delimiter may come without its leading CRLF
            fill(delimiter.length);
            byte[] first = Arrays.copyOfRange(delimiter, 2, delimiter.length);
            int at = indexOf(first, start);
            if (at < 0) {
                throw new IOException("multipart body without its first boundary");
            }
            start = at + first.length;
        }
        // after a delimiter: "--" ends the body, else the rest of the line, then headers up to an empty line
        fill(2);
        if (end - start >= 2 && buf[start] == '-' && buf[start + 1] == '-') {
            done = true;
            return false;
        }
        String headers = readHeaders();
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Type")) {
                type = line.substring(colon + 1).trim();
            }
        }
        OutputStream out = sink.open(type == null ? "application/octet-stream" : type);
        // copy content up to the next delimiter, keeping back what could be its beginning
        while (true) {
            int at = indexOf(delimiter, start);
            if (at >= 0) {
                out.write(buf, start, at - start);
                start = at + delimiter.length;
                return true;
            }
            int safe = Math.max(start, end - delimiter.length + 1);
            out.write(buf, start, safe - start);
            start = safe;
            if (!read()) {
                throw new IOException("multipart body ends inside a part");
            }
        }
    }

    private String readHeaders() throws IOException {
        byte[] crlf2 = {'\r', '\n', '\r', '\n'};
        while (true) {
            // the line after the delimiter (transport padding and CRLF) belongs to the headers block
            int at = indexOf(crlf2, start);
            if (at >= 0) {
                String h = new String(buf, start, at - start, StandardCharsets.ISO_8859_1);
                start = at + 4;
                return h;
            }
            if (end - start > 1 << 15 || !read()) {
                throw new IOException("multipart part without the end of its headers");
            }
        }
    }

    private void fill(int n) throws IOException {
        while (end - start < n && read()) {
            // reading
        }
    }

    /** Reads more into the buffer, moving the unread rest to its start. */
    private boolean read() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            throw new IOException("multipart header too long");
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    private int indexOf(byte[] pattern, int from) {
        outer:
        for (int i = from; i <= end - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
