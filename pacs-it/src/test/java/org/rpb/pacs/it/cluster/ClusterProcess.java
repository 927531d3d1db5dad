package org.rpb.pacs.it.cluster;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One WildFly of a test's cluster: pacs-server's configured distribution (read only) started with one of its
 * profiles ({@code standalone-ha.xml} for a node, {@code standalone-balancer.xml} for the balancer), a server base
 * folder of its own under {@code target/} and its own port offset, by {@code bin/standalone.sh}; killed with
 * SIGKILL (the script and the JVM below it), like a crash. {@link #close()} kills whatever still runs.
 */
public final class ClusterProcess implements AutoCloseable {
    private static final Duration BOOT = Duration.ofSeconds(300);

    private final String name;
    private final Path home;
    private final Path base;
    private final String profile;
    private final int offset;
    private final Map<String, String> properties;
    // HTTP/1.1: with an h2c upgrade Undertow answers the login page with a redirect to HTTPS
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private ClusterProcess(String name, Path home, Path base, String profile, int offset, Map<String, String> properties) {
        this.name = name;
        this.home = home;
        this.base = base;
        this.profile = profile;
        this.offset = offset;
        this.properties = new LinkedHashMap<>(properties);
    }

    /**
     * Prepares the server base folder (a copy of the distribution's configuration) and deploys an archive.
     *
     * @param name the node name ({@code jboss.node.name}, the session route)
     * @param home the configured WildFly (pacs-server/target/wildfly)
     * @param base an empty folder for this server
     * @param profile the server configuration file
     * @param offset the port offset
     * @param properties further system properties
     * @param deployment the archive to deploy, or null (the balancer)
     */
    public static ClusterProcess prepare(String name, Path home, Path base, String profile, int offset,
            Map<String, String> properties, Path deployment) throws IOException {
        if (!Files.isRegularFile(home.resolve("standalone/configuration/" + profile))) {
            throw new IOException("no " + profile + " in " + home + ": build pacs-server first");
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
        if (deployment != null) {
            Files.copy(deployment, deployments.resolve(deployment.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return new ClusterProcess(name, home, base, profile, offset, properties);
    }

    /** @return the node name */
    public String name() {
        return name;
    }

    /** @return the module's URL on this server, ending in '/' */
    public String moduleUrl() {
        return "http://127.0.0.1:" + (8080 + offset) + "/pacs/";
    }

    /** Starts the server and waits until the module's login page answers through it. */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(), "-c", profile,
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.node.name=" + name, "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1", "-Djboss.bind.address.private=127.0.0.1"));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        pb.environment().put("JAVA_OPTS", "-Xmx1g -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true");
        pb.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "");
        process = pb.start();
        URI login = URI.create(moduleUrl() + "login.xhtml");
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + "; see " + base.resolve("log/server.log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " did not answer within " + BOOT.toSeconds() + " s; see "
                        + base.resolve("log/server.log"));
            }
            Thread.sleep(500);
        }
    }

    /** Kills the server with SIGKILL, without any shutdown, and waits until it is gone. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("process " + p.pid() + " of " + name + " did not exit after SIGKILL", e);
            }
        }
    }

    /**
     * Asks the restart tests' driver servlet ({@code org.rpb.pacs.it.staging.RestartDriverServlet}, deployed with
     * the module in the test's own archive) on this node.
     *
     * @param query the driver's query string
     * @return its answer
     * @throws IOException if it does not answer 200
     */
    public String driver(String query) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + (8080 + offset) + "/pacs-it/restart-driver?" + query);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(name + " driver " + query + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** @return the server log */
    public Path serverLog() {
        return base.resolve("log/server.log");
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
