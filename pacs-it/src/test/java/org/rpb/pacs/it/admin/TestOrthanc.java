package org.rpb.pacs.it.admin;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real Orthanc with DICOMweb for the node page's connection test, on free loopback ports, own folder. */
final class TestOrthanc implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    private static final Path DICOMWEB = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");

    final String aeTitle;
    final int dicomPort;
    final int httpPort;
    private final Path dir;
    private final Process process;

    private TestOrthanc(String aeTitle, int dicomPort, int httpPort, Path dir, Process process) {
        this.aeTitle = aeTitle;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.dir = dir;
        this.process = process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static TestOrthanc start(String aeTitle) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY) || !Files.isRegularFile(DICOMWEB)) {
            throw new IllegalStateException("Orthanc is missing: apt-get install -y orthanc orthanc-dicomweb");
        }
        Path dir = Files.createTempDirectory("pacs-it-orthanc");
        int dicom = freePort();
        int http = freePort();
        String storage = dir.resolve("storage").toString();
        Files.writeString(dir.resolve("orthanc.json"), "{\"Name\": \"pacs-it-admin\", \"StorageDirectory\": \""
                + storage + "\", \"IndexDirectory\": \"" + storage + "\", \"HttpPort\": " + http + ", \"DicomPort\": "
                + dicom + ", \"DicomAet\": \"" + aeTitle + "\", \"RemoteAccessAllowed\": false, "
                + "\"AuthenticationEnabled\": false, \"DicomCheckCalledAet\": true, \"DicomAlwaysAllowEcho\": true, "
                + "\"Plugins\": [\"" + DICOMWEB + "\"], \"DicomWeb\": {\"Enable\": true, \"Root\": \"/dicom-web/\"}}");
        Process p = new ProcessBuilder(BINARY.toString(), "--logdir=" + dir, dir.resolve("orthanc.json").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("orthanc.out").toFile()).start();
        TestOrthanc o = new TestOrthanc(aeTitle, dicom, http, dir, p);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                o.close();
                throw new IOException("Orthanc exited with " + p.exitValue() + "; see " + dir.resolve("orthanc.out"));
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/system"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return o;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        o.close();
        throw new IOException("Orthanc did not answer within 40 s; see " + dir.resolve("orthanc.out"));
    }

    String dicomWebUrl() {
        return "http://127.0.0.1:" + httpPort + "/dicom-web";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // leftover temp folder
        }
    }
}
