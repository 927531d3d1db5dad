package org.rpb.pacs.it.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rpb.pacs.it.support.Deployments;

/**
 * Request limits by URL (issue 15): only the upload page takes large bodies, and only from a logged-in uploader;
 * every other body of 1,000,000 bytes or more is refused with 413 before anything reads it. Sent as a real client would, over a
 * socket, with the whole body on its way; the server's temp and data folders must not grow.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RequestLimitsIT {
    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void anAnonymousHundredMegabytePostToTheLoginPageGets413AndWritesNothing() throws Exception {
        Map<Path, Long> before = files();
        String answer = post("/pacs/login.xhtml", HUNDRED_MB);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertEquals(before, files(), "files written for a refused request");
    }

    @Test
    void aBodyWithoutDeclaredLengthIsRefusedToo() throws Exception {
        try (Socket s = new Socket("127.0.0.1", 8080)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /pacs/errors/404.xhtml HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n\r\n5\r\na=bcd\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            assertTrue(status.startsWith("HTTP/1.1 413"), status);
        }
    }

    @Test
    void theUploadPageTakesNoBodyFromAnAnonymousClient() throws Exception {
        Map<Path, Long> before = files();
        String answer = post("/pacs/upload/index.xhtml", HUNDRED_MB);
        // FORM authentication would forward the request, body and all, to the login page: it is sent to the start
        // page instead (pacs-web MultipartOnlyWhereExpected), and the body is never parsed into a file
        assertTrue(answer.startsWith("HTTP/1.1 302"), answer);
        assertEquals(before, files(), "files written for an anonymous upload");
    }

    /**
     * Sends a POST declaring {@code length} bytes and writes the body in a second thread while reading the answer,
     * as a browser does; returns the answer's head (status line, headers and the start of the body).
     */
    private static String post(String path, long length) throws Exception {
        try (Socket s = new Socket("127.0.0.1", 8080)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: " + length
                    + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (long sent = 0; sent < length; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (IOException refused) {
                    // the server closed the connection: the rest is not sent
                }
            });
            writer.setDaemon(true);
            writer.start();
            byte[] head = new byte[8192];
            int n = 0;
            var in = s.getInputStream();
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                n += r;
                String sofar = new String(head, 0, n, StandardCharsets.ISO_8859_1);
                if (sofar.contains("\r\n\r\n") && (sofar.contains("</html>") || sofar.contains("Content-Length: 0")
                        || !sofar.startsWith("HTTP/1.1 200"))) {
                    break;
                }
            }
            return new String(head, 0, n, StandardCharsets.ISO_8859_1);
        }
    }

    /** Every file under the server's temp folder and the module's data folder, with its size. */
    private static Map<Path, Long> files() throws IOException {
        Path standalone = Path.of(System.getProperty("pacs.it.wildfly.home", "../pacs-server/target/wildfly"))
                .resolve("standalone");
        Map<Path, Long> sizes = new TreeMap<>();
        for (Path root : new Path[] {standalone.resolve("tmp"), standalone.resolve("data/pacs")}) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    try {
                        sizes.put(f, Files.size(f));
                    } catch (IOException gone) {
                        // removed while listed
                    }
                }
            }
        }
        return sizes;
    }
}
