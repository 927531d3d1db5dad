package org.rpb.pacs.core.net.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.rpb.pacs.core.io.FileTrees;

/**
 * A real Orthanc (Debian {@code orthanc} + {@code orthanc-dicomweb}) for tests: its own JSON
 * configuration on free ports, its own storage folder, {@code RemoteAccessAllowed} false, the given
 * peers declared in {@code DicomModalities}. Started with a bounded wait for its REST port, loaded
 * through REST, stopped with {@link #close()}. Reusable by other modules through pacs-core's test-jar: the unit
 * tests of pacs-ejb and the server tests of pacs-it, whose in-container tests add this class to their test WAR
 * (it needs only pacs-core, an EAR library, and Awaitility).
 */
public final class OrthancServer implements AutoCloseable {
    /** Orthanc's binary. */
    public static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    /** The DICOMweb plugin of the Debian package. */
    public static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");

    private final String aeTitle;
    private final int dicomPort;
    private final int httpPort;
    private final boolean ownWorkDir;
    private final Path workDir;
    private final Process process;
    private final HttpClient http = client();

    private OrthancServer(String aeTitle, int dicomPort, int httpPort, Path workDir, boolean ownWorkDir, Process process) {
        this.ownWorkDir = ownWorkDir;
        this.aeTitle = aeTitle;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.workDir = workDir;
        this.process = process;
    }

    /** A peer Orthanc must know (for C-MOVE destinations and callers). */
    public record Modality(String aeTitle, String host, int port) {
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param aeTitle its AE title
     * @param dir its folder (kept after {@link #close()})
     * @param modalities JSON members of DicomModalities, e.g. {@code "RPBPACS": ["RPBPACS","127.0.0.1",11113]}
     * @return the running server, on free ports
     */
    public static OrthancServer start(String aeTitle, Path dir, String modalities)
            throws IOException, InterruptedException {
        return builder().aeTitle(aeTitle).workDir(dir).modalities(modalities).start();
    }

    /**
     * As {@link #start(String, Path, String)} on fixed ports (those a server under test is configured with).
     *
     * @param dicom its DICOM port
     * @param web its HTTP port
     */
    public static OrthancServer start(String aeTitle, Path dir, String modalities, int dicom, int web)
            throws IOException, InterruptedException {
        return builder().aeTitle(aeTitle).workDir(dir).modalities(modalities).ports(dicom, web).start();
    }

    /** As {@link #start(String, Path, String)} with no peers; DICOMweb at {@link #dicomWebUrl()}. */
    public static OrthancServer startWithDicomWeb(String aeTitle, Path dir) throws IOException, InterruptedException {
        return builder().aeTitle(aeTitle).workDir(dir).start();
    }

    /**
     * As {@link #startWithDicomWeb(String, Path)}, knowing remote DICOMweb servers.
     *
     * @param servers JSON members of DicomWeb.Servers, e.g. {@code "module": {"Url": "...", "Username": "..."}}
     */
    public static OrthancServer startWithDicomWeb(String aeTitle, Path dir, String servers)
            throws IOException, InterruptedException {
        return builder().aeTitle(aeTitle).workDir(dir).dicomWebServers(servers).start();
    }

    /** Builder of a test Orthanc. */
    public static final class Builder {
        private String aeTitle = "ORTHANC";
        private Path workDir;
        private final List<Modality> modalities = new ArrayList<>();
        private String modalitiesJson = "";
        private String dicomWebServers = "";
        private int fixedDicomPort;
        private int fixedHttpPort;
        private boolean checkCalledAet = true;
        private Duration startTimeout = Duration.ofSeconds(40);
        private boolean storeHold;

        /** @param v Orthanc's AE title @return this */
        public Builder aeTitle(String v) { aeTitle = v; return this; }
        /** @param v folder for config, storage and log (created) @return this */
        public Builder workDir(Path v) { workDir = v; return this; }
        /** @param ae peer AE @param host its host @param port its port @return this */
        public Builder modality(String ae, String host, int port) { modalities.add(new Modality(ae, host, port)); return this; }
        /** @param json further peers as JSON members of DicomModalities @return this */
        public Builder modalities(String json) { modalitiesJson = json; return this; }
        /** @param json JSON members of DicomWeb.Servers (remote DICOMweb servers) @return this */
        public Builder dicomWebServers(String json) { dicomWebServers = json; return this; }
        /** @param dicom its DICOM port @param http its HTTP port (default: free ports) @return this */
        public Builder ports(int dicom, int http) { fixedDicomPort = dicom; fixedHttpPort = http; return this; }
        /** @param v whether Orthanc rejects associations with a wrong called AE title @return this */
        public Builder checkCalledAet(boolean v) { checkCalledAet = v; return this; }
        /** @param v bound on waiting for the REST port @return this */
        public Builder startTimeout(Duration v) { startTimeout = v; return this; }
        /**
         * @param v whether {@link OrthancServer#holdStores()} can hold its C-STORE responses (a Lua filter that
         *        serialises every store, so only for tests that need it)
         * @return this
         */
        public Builder storeHold(boolean v) { storeHold = v; return this; }

        /**
         * Writes the configuration, starts Orthanc and waits for its REST API.
         *
         * @return the running server
         * @throws IOException if Orthanc is not installed or does not come up in time
         */
        public OrthancServer start() throws IOException, InterruptedException {
            if (!Files.isExecutable(BINARY)) {
                throw new IOException(BINARY + " not found: install it with 'apt-get install orthanc orthanc-dicomweb'");
            }
            if (!Files.isRegularFile(DICOMWEB_PLUGIN)) {
                throw new IOException(DICOMWEB_PLUGIN + " not found: install it with 'apt-get install orthanc-dicomweb'");
            }
            boolean own = workDir == null;
            if (own) {
                workDir = Files.createTempDirectory("orthanc-test-");
            }
            Files.createDirectories(workDir.resolve("storage"));
            for (int port : new int[] {fixedDicomPort, fixedHttpPort}) {
                if (port > 0) {
                    try (ServerSocket probe = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                        probe.getLocalPort();
                    } catch (IOException inUse) {
                        throw new IOException("port " + port + " is in use (is scripts/run-demo.sh running?): stop it first",
                                inUse);
                    }
                }
            }
            // a free port is only probed, so another process can bind it before Orthanc does: then Orthanc exits at
            // start, and a second try (on new free ports, or on the fixed ones a moment later) starts it
            IOException exited = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int dicomPort = fixedDicomPort > 0 ? fixedDicomPort : freePort();
                int httpPort = fixedHttpPort > 0 ? fixedHttpPort : freePort();
                try {
                    return launch(dicomPort, httpPort, own);
                } catch (ExitedAtStart e) {
                    if (exited == null) {
                        exited = e;
                    } else {
                        exited.addSuppressed(e);
                    }
                    if (attempt < START_ATTEMPTS) {
                        Thread.sleep(500);
                    }
                }
            }
            throw exited;
        }

        private OrthancServer launch(int dicomPort, int httpPort, boolean own) throws IOException, InterruptedException {
            StringBuilder mods = new StringBuilder();
            for (Modality m : modalities) {
                if (mods.length() > 0) {
                    mods.append(",\n");
                }
                mods.append("    \"").append(m.aeTitle()).append("\": [\"").append(m.aeTitle()).append("\", \"")
                        .append(m.host()).append("\", ").append(m.port()).append("]");
            }
            if (!modalitiesJson.isBlank()) {
                mods.append(mods.length() > 0 ? ",\n    " : "    ").append(modalitiesJson);
            }
            String storage = workDir.resolve("storage").toString();
            String lua = "";
            if (storeHold) {
                Path script = workDir.resolve(STORE_HOLD_SCRIPT);
                Files.writeString(script, storeHoldScript(workDir.resolve(STORE_HOLD)));
                lua = "  \"LuaScripts\": [\"" + script + "\"],\n";
            }
            String config = "{\n"
                    + "  \"Name\": \"rpb-test-" + aeTitle + "\",\n"
                    + "  \"StorageDirectory\": \"" + storage + "\",\n"
                    + "  \"IndexDirectory\": \"" + storage + "\",\n"
                    + "  \"HttpPort\": " + httpPort + ",\n"
                    + "  \"DicomPort\": " + dicomPort + ",\n"
                    + "  \"DicomAet\": \"" + aeTitle + "\",\n"
                    + "  \"RemoteAccessAllowed\": false,\n"
                    + "  \"AuthenticationEnabled\": false,\n"
                    + "  \"DicomCheckCalledAet\": " + checkCalledAet + ",\n"
                    + "  \"DicomCheckModalityHost\": false,\n"
                    + "  \"DicomAlwaysAllowEcho\": true,\n"
                    + "  \"DicomAlwaysAllowStore\": true,\n"
                    + "  \"DicomAlwaysAllowFind\": true,\n"
                    + "  \"DicomAlwaysAllowGet\": true,\n"
                    + "  \"DicomAlwaysAllowMove\": true,\n"
                    + "  \"UnknownSopClassAccepted\": true,\n"
                    + "  \"StorageCompression\": false,\n"
                    + "  \"MetricsEnabled\": false,\n"
                    + "  \"SaveJobs\": false,\n"
                    + "  \"MaximumPduLength\": 65536,\n"
                    + "  \"DicomScuTimeout\": 30,\n"
                    + "  \"HttpDescribeErrors\": true,\n"
                    + lua
                    + "  \"Plugins\": [\"" + DICOMWEB_PLUGIN + "\"],\n"
                    + "  \"DicomWeb\": {\"Enable\": true, \"Root\": \"/dicom-web/\", \"Servers\": {" + dicomWebServers + "}},\n"
                    + "  \"DicomModalities\": {\n" + mods + "\n  }\n"
                    + "}\n";
            Path cfg = workDir.resolve("orthanc.json");
            Files.writeString(cfg, config);
            ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "--logdir=" + workDir, cfg.toString())
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("orthanc.out").toFile());
            // dcmtk inside Orthanc leaves Nagle's algorithm on without it (~11 instances/s per C-MOVE)
            pb.environment().put("TCP_NODELAY", "1");
            Process p = pb.start();
            OrthancServer s = new OrthancServer(aeTitle, dicomPort, httpPort, workDir, own, p);
            try {
                await().atMost(startTimeout).pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!p.isAlive()) {
                        throw new ExitedAtStart(p.exitValue(), dicomPort, httpPort, workDir.resolve("orthanc.out"));
                    }
                    try {
                        return s.get("/system").statusCode() == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
                return s;
            } catch (ConditionTimeoutException e) {
                s.close();
                throw new IOException("Orthanc did not answer on port " + httpPort + " within " + startTimeout.toSeconds() + " s");
            }
        }
    }

    /** The file whose presence holds the stores of an Orthanc started with {@link Builder#storeHold(boolean)}. */
    private static final String STORE_HOLD = "store-hold";
    /** The Lua script of an Orthanc started with {@link Builder#storeHold(boolean)}, in its work folder. */
    private static final String STORE_HOLD_SCRIPT = "store-hold.lua";

    /** Orthanc's filter of received instances: it accepts each one once the hold file is gone. */
    private static String storeHoldScript(Path hold) {
        return "function ReceivedInstanceFilter(dicom, origin, info)\n"
                + "  while true do\n"
                + "    local f = io.open('" + hold + "', 'r')\n"
                + "    if f == nil then return true end\n"
                + "    f:close()\n"
                + "    os.execute('sleep 0.05')\n"
                + "  end\n"
                + "end\n";
    }

    /** How often {@link Builder#start()} starts an Orthanc that exits at once. */
    private static final int START_ATTEMPTS = 3;

    /** Orthanc ended before its REST API answered; the message carries the end of its output. */
    private static final class ExitedAtStart extends IOException {
        private static final long serialVersionUID = 1L;

        ExitedAtStart(int status, int dicomPort, int httpPort, Path out) {
            super("Orthanc exited with " + status + " at start (DICOM port " + dicomPort + ", HTTP port " + httpPort
                    + "); the end of " + out + ":\n" + tail(out));
        }

        private static String tail(Path out) {
            try {
                List<String> lines = Files.readAllLines(out, java.nio.charset.StandardCharsets.ISO_8859_1);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }
    }

    /** @return a free TCP port on loopback (probed; a tiny race with other processes remains) */
    public static int freePort() throws IOException {
        // below the kernel's ephemeral range (32768 and up): a port from that range can go to an outgoing connection
        // before the server it was chosen for binds it (a cluster node's DICOM receiver lost its port so in CI)
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(FREE_PORTS_FROM, FREE_PORTS_TO);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The range {@link #freePort()} picks from: clear of the demo's fixed ports and of the ephemeral range. */
    private static final int FREE_PORTS_FROM = 25000;
    private static final int FREE_PORTS_TO = 32000;

    /** @return {@code AE@127.0.0.1:port} of its DICOM port */
    public String node() {
        return aeTitle + "@127.0.0.1:" + dicomPort;
    }

    /** @return Orthanc's AE title */
    public String aeTitle() {
        return aeTitle;
    }

    /** @return its DICOM port on 127.0.0.1 */
    public int dicomPort() {
        return dicomPort;
    }

    /** @return its HTTP port on 127.0.0.1 */
    public int httpPort() {
        return httpPort;
    }

    /** @return REST base URL */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** @return DICOMweb service root */
    public URI dicomWebUrl() {
        return URI.create("http://127.0.0.1:" + httpPort + "/dicom-web");
    }

    /** @return the working folder (config, storage, log) */
    public Path workDir() {
        return workDir;
    }

    /**
     * Uploads a Part 10 file through REST.
     *
     * @param file the file
     * @return Orthanc's JSON answer
     * @throws IOException if Orthanc refuses it
     */
    public String upload(Path file) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(restUrl().resolve("/instances"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        if (r.statusCode() != 200) {
            throw new IOException("Orthanc refused " + file + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /**
     * GET on the REST API.
     *
     * @param path e.g. {@code /instances}
     * @return the response
     */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(restUrl().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /**
     * POST of a JSON body on the REST API.
     *
     * @param path e.g. {@code /modalities/CLINICAL/move}
     * @param json the body
     * @return the response
     */
    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(restUrl().resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Orthanc may close an idle keep-alive connection just as the client reuses it: one retry on a fresh client. */
    private HttpResponse<String> send(HttpRequest rq) throws IOException, InterruptedException {
        try {
            return http.send(rq, HttpResponse.BodyHandlers.ofString());
        } catch (IOException stale) {
            return client().send(rq, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** @return the number of instances Orthanc holds */
    public int instanceCount() throws IOException, InterruptedException {
        String body = get("/statistics").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"CountInstances\"\\s*:\\s*(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IOException("unexpected /statistics answer");
        }
        return Integer.parseInt(m.group(1));
    }

    /** @return the Study Instance UIDs Orthanc holds */
    public List<String> studyUids() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher ids = java.util.regex.Pattern.compile("\"([0-9a-f-]{20,})\"").matcher(get("/studies").body());
        while (ids.find()) {
            java.util.regex.Matcher u = java.util.regex.Pattern.compile("\"StudyInstanceUID\"\\s*:\\s*\"([0-9.]+)\"")
                    .matcher(get("/studies/" + ids.group(1)).body());
            if (u.find()) {
                out.add(u.group(1));
            }
        }
        return out;
    }

    /**
     * Ends Orthanc at once (SIGKILL), as a crash or a pulled cable would: unlike {@link #close()}, whose SIGTERM lets
     * Orthanc serve its open associations for a while before it exits, nothing more is answered. What it had
     * committed stays in its folder for a new Orthanc on it.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    }

    /**
     * Holds the stores: Orthanc accepts associations and answers queries, but it answers no C-STORE (each waits in
     * its filter) until {@link #releaseStores()}. For tests that need a sender's work to be under way at a given
     * moment; a sender waits for the response up to its response timeout.
     *
     * @throws IllegalStateException if this Orthanc was not started with {@link Builder#storeHold(boolean)}
     */
    public void holdStores() throws IOException {
        if (!Files.isRegularFile(workDir.resolve(STORE_HOLD_SCRIPT))) {
            throw new IllegalStateException("this Orthanc was started without Builder.storeHold(true)");
        }
        Files.writeString(workDir.resolve(STORE_HOLD), "");
    }

    /** Lets the {@linkplain #holdStores() held} stores go on; harmless when none are held. */
    public void releaseStores() throws IOException {
        Files.deleteIfExists(workDir.resolve(STORE_HOLD));
    }

    /** Stops Orthanc (bounded wait); leaves a folder the builder was given for inspection, deletes its own. */
    @Override
    public void close() {
        try {
            releaseStores(); // a held store would keep Orthanc from ending on the SIGTERM below
        } catch (IOException e) {
            // the forcible stop below still ends it
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (ownWorkDir) {
            FileTrees.deleteQuietly(workDir);
        }
    }

}
