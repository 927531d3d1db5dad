package org.rpb.pacs.core.net.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming multipart/related parser on bodies with near-boundaries and parts larger than its buffer. */
class MultipartReaderTest {

    static byte[] body(String boundary, List<byte[]> parts) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("preamble\r\n".getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            b.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            b.write(p);
            b.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        b.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    static List<byte[]> parse(byte[] body, String boundary) throws IOException {
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body), boundary);
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream[] cur = new ByteArrayOutputStream[1];
        while (r.next(h -> {
            assertEquals("application/dicom", h.get("content-type"));
            cur[0] = new ByteArrayOutputStream();
            return cur[0];
        })) {
            out.add(cur[0].toByteArray());
        }
        return out;
    }

    @Test
    void partsWithAlmostBoundariesAndLargeBodies() throws IOException {
        String boundary = "abc123";
        byte[] tricky = "x\r\n--abc12\r\n--abc\r\r\n-".getBytes(StandardCharsets.US_ASCII);
        byte[] large = new byte[300_000];
        new Random(7).nextBytes(large);
        List<byte[]> parts = List.of(tricky, large, new byte[0]);
        List<byte[]> got = parse(body(boundary, parts), boundary);
        assertEquals(3, got.size());
        for (int i = 0; i < parts.size(); i++) {
            assertArrayEquals(parts.get(i), got.get(i), "part " + i);
        }
    }

    @Test
    void truncatedBodyIsAnError() throws IOException {
        byte[] full = body("b", List.of(new byte[1000]));
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 20);
        IOException e = assertThrows(IOException.class, () -> parse(cut, "b"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void boundaryParameter() {
        assertEquals("xyz", MultipartReader.parameter("multipart/related; type=\"application/dicom\"; boundary=\"xyz\"", "boundary"));
        assertEquals("q", MultipartReader.parameter("multipart/related;boundary=q", "BOUNDARY"));
        assertFalse(MultipartReader.parameter("text/plain", "boundary") != null);
    }
}
