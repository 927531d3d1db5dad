package org.rpb.pacs.it.upload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway Orthanc as the research PACS of the upload tests: own folder, free ports on 127.0.0.1, bounded start
 * wait, stopped by {@link #close()}. Works in the server JVM (in-container tests) and in the client JVM.
 */
public final class ResearchOrthanc implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/Orthanc");

    private final int dicomPort;
    private final int httpPort;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ResearchOrthanc(int dicomPort, int httpPort, Process process) {
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.process = process;
    }

    /**
     * @param dir its working folder
     * @return the running Orthanc (AE title RESEARCH)
     */
    public static ResearchOrthanc start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IOException(BINARY + " not found: install it with 'apt-get install orthanc'");
        }
        Path storage = Files.createDirectories(dir.resolve("storage"));
        int dicom = freePort();
        int web = freePort();
        Path cfg = dir.resolve("orthanc.json");
        Files.writeString(cfg, "{\"Name\":\"upload-it\",\"StorageDirectory\":\"" + storage + "\",\"IndexDirectory\":\""
                + storage + "\",\"HttpPort\":" + web + ",\"DicomPort\":" + dicom + ",\"DicomAet\":\"RESEARCH\","
                + "\"RemoteAccessAllowed\":false,\"AuthenticationEnabled\":false,\"DicomCheckCalledAet\":true,"
                + "\"DicomAlwaysAllowEcho\":true,\"DicomAlwaysAllowStore\":true,\"DicomAlwaysAllowFind\":true,"
                + "\"DicomAlwaysAllowGet\":true,\"UnknownSopClassAccepted\":true,\"StorageCompression\":false}");
        Process p = new ProcessBuilder(BINARY.toString(), "--logdir=" + dir, cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("orthanc.out").toFile()).start();
        ResearchOrthanc o = new ResearchOrthanc(dicom, web, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("Orthanc exited; see " + dir.resolve("orthanc.out"));
            }
            try {
                if (o.get("/system").statusCode() == 200) {
                    return o;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                o.close();
                throw new IOException("Orthanc did not start within 40 s; see " + dir.resolve("orthanc.out"));
            }
            Thread.sleep(100);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** @return {@code RESEARCH@127.0.0.1:port}, the form of the {@code pacs.research.node} property */
    public String node() {
        return "RESEARCH@127.0.0.1:" + dicomPort;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Stores a file through Orthanc's REST API (as if another workflow had put it there).
     *
     * @param file a DICOM file
     */
    public void upload(Path file) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/instances"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("Orthanc refused " + file.getFileName() + ": HTTP " + r.statusCode());
        }
    }

    /** @return the number of instances stored */
    public int instanceCount() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\"CountInstances\"\\s*:\\s*(\\d+)").matcher(get("/statistics").body());
        if (!m.find()) {
            throw new IOException("unexpected /statistics answer");
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
