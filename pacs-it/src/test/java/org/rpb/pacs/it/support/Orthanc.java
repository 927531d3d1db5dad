package org.rpb.pacs.it.support;

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
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Orthanc for the server tests (pacs-core's test harness is not in the test WAR): its own
 * configuration on loopback ports and its own storage folder, optionally with the DICOMweb plugin, started
 * with a bounded wait, loaded and inspected through REST, stopped by {@link #close()}. In-container tests add
 * this class to their deployment.
 */
public final class Orthanc implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    private static final Path DICOMWEB = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");

    private final String aeTitle;
    private final int dicomPort;
    private final int httpPort;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private Orthanc(String aeTitle, int dicomPort, int httpPort, Process process) {
        this.aeTitle = aeTitle;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.process = process;
    }

    /**
     * @param aeTitle its AE title
     * @param dir its folder
     * @param modalities JSON members of DicomModalities, e.g. {@code "RPBPACS": ["RPBPACS","127.0.0.1",11113]}
     */
    public static Orthanc start(String aeTitle, Path dir, String modalities) throws IOException, InterruptedException {
        return start(aeTitle, dir, modalities, freePort(), freePort(), false);
    }

    /** As {@link #start(String, Path, String)} on fixed ports (those the server is configured with). */
    public static Orthanc start(String aeTitle, Path dir, String modalities, int dicom, int web)
            throws IOException, InterruptedException {
        return start(aeTitle, dir, modalities, dicom, web, false);
    }

    /** As {@link #start(String, Path, String)} with no peers and DICOMweb at {@link #dicomWebUrl()}. */
    public static Orthanc startWithDicomWeb(String aeTitle, Path dir) throws IOException, InterruptedException {
        return start(aeTitle, dir, "", freePort(), freePort(), true, "");
    }

    /**
     * As {@link #startWithDicomWeb(String, Path)}, knowing remote DICOMweb servers.
     *
     * @param servers JSON members of DicomWeb.Servers, e.g. {@code "module": {"Url": "...", "Username": "..."}}
     */
    public static Orthanc startWithDicomWeb(String aeTitle, Path dir, String servers)
            throws IOException, InterruptedException {
        return start(aeTitle, dir, "", freePort(), freePort(), true, servers);
    }

    private static Orthanc start(String aeTitle, Path dir, String modalities, int dicom, int web, boolean dicomWeb)
            throws IOException, InterruptedException {
        return start(aeTitle, dir, modalities, dicom, web, dicomWeb, "");
    }

    private static Orthanc start(String aeTitle, Path dir, String modalities, int dicom, int web, boolean dicomWeb,
            String dicomWebServers) throws IOException, InterruptedException {
        for (int port : new int[] {dicom, web}) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.getLocalPort();
            } catch (IOException inUse) {
                throw new IOException("port " + port + " is in use (is scripts/run-demo.sh running?): stop it first", inUse);
            }
        }
        if (!Files.isExecutable(BINARY) || dicomWeb && !Files.isRegularFile(DICOMWEB)) {
            throw new IOException("Orthanc is missing: install it with 'apt-get install -y orthanc orthanc-dicomweb'");
        }
        Files.createDirectories(dir.resolve("storage"));
        String storage = dir.resolve("storage").toString();
        Path cfg = dir.resolve("orthanc.json");
        Files.writeString(cfg, "{\"Name\":\"it-" + aeTitle + "\",\"StorageDirectory\":\"" + storage + "\",\"IndexDirectory\":\""
                + storage + "\",\"HttpPort\":" + web + ",\"DicomPort\":" + dicom + ",\"DicomAet\":\"" + aeTitle
                + "\",\"RemoteAccessAllowed\":false,\"AuthenticationEnabled\":false,\"DicomCheckCalledAet\":true,"
                + "\"DicomAlwaysAllowEcho\":true,\"DicomAlwaysAllowStore\":true,\"DicomAlwaysAllowFind\":true,"
                + "\"DicomAlwaysAllowGet\":true,\"DicomAlwaysAllowMove\":true,\"UnknownSopClassAccepted\":true,"
                + "\"StorageCompression\":false,\"MetricsEnabled\":false,\"SaveJobs\":false,\"MaximumPduLength\":65536,"
                + "\"DicomScuTimeout\":30,\"DicomModalities\":{" + modalities + "}"
                + (dicomWeb ? ",\"Plugins\":[\"" + DICOMWEB + "\"],\"DicomWeb\":{\"Enable\":true,\"Root\":\"/dicom-web/\",\"Servers\":{" + dicomWebServers + "}}" : "")
                + "}");
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "--logdir=" + dir, cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("orthanc.out").toFile());
        // dcmtk inside Orthanc leaves Nagle's algorithm on without it (~11 instances/s per C-MOVE)
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        Orthanc o = new Orthanc(aeTitle, dicom, web, p);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!p.isAlive()) {
                    throw new IOException("Orthanc exited; see " + dir.resolve("orthanc.out"));
                }
                try {
                    return o.get("/system").statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
            return o;
        } catch (ConditionTimeoutException e) {
            o.close();
            throw new IOException("Orthanc " + aeTitle + " did not start within 40 s");
        }
    }

    /** @return a loopback port free at the time of the call */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** @return its DICOM port on 127.0.0.1 */
    public int dicomPort() {
        return dicomPort;
    }

    /** @return {@code AE@127.0.0.1:port} of its DICOM port */
    public String node() {
        return aeTitle + "@127.0.0.1:" + dicomPort;
    }

    /** @return the answer of its REST API to a GET of the path */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** Orthanc closes idle keep-alive connections that the JDK client may reuse: one retry on a fresh one. */
    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException stale) {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()
                    .send(r, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** @return the answer of its REST API to a POST of a JSON body to the path */
    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Stores a file through its REST API. */
    public void upload(Path file) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/instances"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        if (r.statusCode() != 200) {
            throw new IOException("Orthanc refused " + file.getFileName() + ": HTTP " + r.statusCode());
        }
    }

    /** @return how many instances it holds */
    public int instanceCount() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\"CountInstances\"\\s*:\\s*(\\d+)").matcher(get("/statistics").body());
        if (!m.find()) {
            throw new IOException("unexpected /statistics answer");
        }
        return Integer.parseInt(m.group(1));
    }

    /** @return the StudyInstanceUIDs Orthanc holds */
    public java.util.List<String> studyUids() throws IOException, InterruptedException {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher ids = Pattern.compile("\"([0-9a-f-]{20,})\"").matcher(get("/studies").body());
        while (ids.find()) {
            Matcher u = Pattern.compile("\"StudyInstanceUID\"\\s*:\\s*\"([0-9.]+)\"").matcher(get("/studies/" + ids.group(1)).body());
            if (u.find()) {
                out.add(u.group(1));
            }
        }
        return out;
    }

    /** @return the DICOMweb base URL (only with {@link #startWithDicomWeb}) */
    public String dicomWebUrl() {
        return "http://127.0.0.1:" + httpPort + "/dicom-web";
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
