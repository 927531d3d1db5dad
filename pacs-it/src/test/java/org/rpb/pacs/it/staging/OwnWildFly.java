package org.rpb.pacs.it.staging;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A WildFly of the test's own, which the test can kill: the configured distribution of pacs-server
 * (its modules and {@code standalone.xml}, read only) with a server base folder of its own (configuration
 * copy, deployments, data, log) under {@code target/}, all ports shifted by an offset so that it never
 * meets the Arquillian server, started by {@code bin/standalone.sh} and killed with SIGKILL (the script
 * and the JVM below it), like a crash. {@link #close()} kills whatever is still running.
 */
final class OwnWildFly implements AutoCloseable {
    private static final Duration BOOT = Duration.ofSeconds(240);

    private final Path home;
    private final Path base;
    private final int offset;
    private final Map<String, String> properties;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int starts;

    private OwnWildFly(Path home, Path base, int offset, Map<String, String> properties) {
        this.home = home;
        this.base = base;
        this.offset = offset;
        this.properties = new LinkedHashMap<>(properties);
    }

    /**
     * Prepares the server base folder and deploys an archive into it (the deployment scanner picks it up at
     * every start).
     *
     * @param home the configured WildFly (pacs-server/target/wildfly)
     * @param base an empty folder for this server
     * @param offset the port offset
     * @param properties system properties of the server
     * @param deployment the archive to deploy
     */
    static OwnWildFly prepare(Path home, Path base, int offset, Map<String, String> properties, Path deployment)
            throws IOException {
        if (!Files.isExecutable(home.resolve("bin/standalone.sh"))) {
            throw new IOException("no configured WildFly at " + home + ": build pacs-server first");
        }
        for (int port : new int[] {8080 + offset, 9990 + offset}) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.getLocalPort();
            } catch (IOException inUse) {
                throw new IOException("port " + port + " is in use: is another test server running?", inUse);
            }
        }
        Path config = Files.createDirectories(base.resolve("configuration"));
        try (Stream<Path> s = Files.list(home.resolve("standalone/configuration"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, config.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path deployments = Files.createDirectories(base.resolve("deployments"));
        Files.copy(deployment, deployments.resolve(deployment.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return new OwnWildFly(home, base, offset, properties);
    }

    /**
     * Sets a system property for the next starts.
     *
     * @param key the name
     * @param value the value
     */
    void property(String key, String value) {
        properties.put(key, value);
    }

    /** Starts the server and waits until the test WAR's driver answers. */
    void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1"));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(base.resolve("console-" + (++starts) + ".log").toFile());
        pb.environment().put("JAVA_OPTS", "-Xmx1g -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true "
                + "-Djboss.modules.system.pkgs=org.jboss.byteman");
        pb.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "");
        process = pb.start();
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("WildFly exited with " + process.exitValue() + "; see " + base.resolve("log/server.log"));
            }
            try {
                HttpResponse<String> r = send("op=ping");
                if (r.statusCode() == 200 && "ok".equals(r.body())) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("WildFly did not deploy within " + BOOT.toSeconds() + " s; see "
                        + base.resolve("log/server.log"));
            }
            Thread.sleep(500);
        }
    }

    /** Kills the server with SIGKILL, without any shutdown, and waits until it is gone. */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        for (ProcessHandle p : tree) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("process " + p.pid() + " did not exit after SIGKILL", e);
            }
        }
    }

    /**
     * Stops the server as a service manager does (SIGTERM to its JVM: WildFly's orderly shutdown, which
     * stops running batch jobs) and waits until it is gone.
     */
    void terminate() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        for (ProcessHandle p : tree) {
            p.destroy();
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("WildFly did not shut down within 120 s after SIGTERM");
        }
        kill();
    }

    /**
     * @param query the driver's query string
     * @return its answer
     * @throws IOException if it does not answer 200
     */
    String driver(String query) throws IOException, InterruptedException {
        HttpResponse<String> r = send(query);
        if (r.statusCode() != 200) {
            throw new IOException("driver " + query + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** @return the server log */
    Path serverLog() {
        return base.resolve("log/server.log");
    }

    private HttpResponse<String> send(String query) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + (8080 + offset) + "/pacs-it/restart-driver?" + query);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
