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
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * A WildFly process of a test's (or a benchmark's) own, which it can kill: pacs-server's configured distribution
 * (its modules and configurations, read only) started by {@code bin/standalone.sh} with one of its configurations
 * ({@code standalone.xml}, a cluster node's {@code standalone-ha.xml}, the balancer's
 * {@code standalone-balancer.xml}), a server base folder of its own under {@code target/} (configuration copy,
 * deployments, data, log) and all ports shifted by an offset, so that it never meets the Arquillian server or the
 * demo. {@link #start()} waits (Awaitility) until a readiness URL answers; {@link #kill()} is a crash (SIGKILL to
 * the script and the JVM below it), {@link #terminate()} a service manager's stop (SIGTERM: WildFly's orderly
 * shutdown); {@link #close()} kills whatever still runs, so a try-with-resources stops it on every path.
 *
 * <p>Used by the restart tests (one server), the cluster tests (two nodes and a balancer), the cluster
 * benchmark and the production configuration test ({@code standalone-production.xml}, HTTPS, users added with
 * {@link #addUser}). Build one per server with {@link #builder(String)}.
 */
public final class OwnWildFly implements AutoCloseable {
    /** The restart tests' driver servlet in the test WAR deployed next to the module (see {@link #driver}). */
    public static final String DRIVER = "pacs-it/restart-driver";

    private final String name;
    private final Path home;
    private final Path base;
    private final String profile;
    private final int offset;
    private final String heap;
    private final String readyPath;
    private final String readyBody;
    private final String readyDeployment;
    private final Duration boot;
    private final Map<String, String> properties;
    // HTTP/1.1: with an h2c upgrade Undertow answers the login page with a redirect to HTTPS
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int starts;

    private OwnWildFly(Builder b) {
        this.name = b.name;
        this.home = b.home;
        this.base = b.base;
        this.profile = b.profile;
        this.offset = b.offset;
        this.heap = b.heap;
        this.readyPath = b.readyPath;
        this.readyBody = b.readyBody;
        this.readyDeployment = b.readyDeployment;
        this.boot = b.boot;
        this.properties = new LinkedHashMap<>(b.properties);
    }

    /**
     * @param name the server's name: its {@code jboss.node.name} (a cluster node's session route and lease owner)
     * @return a builder; {@link Builder#base} is required
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A node of the cluster profile ({@code standalone-ha.xml}, issue 14): give it the cluster's properties (one
     * database, the JGroups members' ports, its own DICOM receiver) and the module to deploy.
     *
     * @param name the node's name ({@code jboss.node.name}: its session route and lease owner)
     * @param dir the test's folder; the node's base folder is {@code dir/name}
     * @param offset its port offset (JGroups listens on 7600 + offset)
     * @return a builder of the node
     */
    public static Builder clusterNode(String name, Path dir, int offset) {
        return builder(name).base(dir.resolve(name)).profile("standalone-ha.xml").offset(offset);
    }

    /**
     * The system properties that two nodes of one cluster share, besides the database: one server key of the project
     * keys (a new random key file in {@code dir}), one exchange folder and one job folder (so that the node taking
     * a job over finds an upload's files), and both nodes' JGroups ports.
     *
     * @param dir the test's folder
     * @param offset1 the first node's port offset
     * @param offset2 the second node's port offset
     * @return the properties, modifiable
     */
    public static Map<String, String> clusterShared(Path dir, int offset1, int offset2) throws IOException {
        Map<String, String> shared = new LinkedHashMap<>();
        Path key = dir.resolve("secrets.key");
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        Files.writeString(key, Base64.getEncoder().encodeToString(raw));
        shared.put("pacs.secrets.keyfile", key.toString());
        shared.put("pacs.exchange.dir", dir.resolve("exchange").toString());
        shared.put("pacs.jobs.dir", dir.resolve("jobs").toString());
        shared.put("pacs.cluster.member1.port", Integer.toString(7600 + offset1));
        shared.put("pacs.cluster.member2.port", Integer.toString(7600 + offset2));
        return shared;
    }

    /**
     * @param answer the driver's answer: {@code key=value} lines
     * @return its keys and values
     */
    public static Map<String, String> keyValues(String answer) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : answer.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    /** @return pacs-server's configured WildFly ({@code -Dpacs.it.wildfly.home}, else the reactor's) */
    public static Path defaultHome() {
        return Path.of(System.getProperty("pacs.it.wildfly.home", "../pacs-server/target/wildfly")).toAbsolutePath();
    }

    /** @return the server's name */
    public String name() {
        return name;
    }

    /** @return its plain HTTP port (8080 + offset) */
    public int httpPort() {
        return 8080 + offset;
    }

    /** @return its HTTPS port (8443 + offset), where the configuration has one */
    public int httpsPort() {
        return 8443 + offset;
    }

    /**
     * @param path a path below the server's root, without a leading '/'
     * @return its URL on loopback
     */
    public String url(String path) {
        return "http://127.0.0.1:" + httpPort() + "/" + path;
    }

    /** @return the module's URL on this server, ending in '/' */
    public String moduleUrl() {
        return url("pacs/");
    }

    /**
     * Sets a system property for the next starts.
     *
     * @param key the name
     * @param value the value
     */
    public void property(String key, String value) {
        properties.put(key, value);
    }

    /**
     * Adds an application user the way an operator of a stand-alone server does ({@code add-user.sh -a}), into this
     * server's configuration folder.
     *
     * @param user the user name
     * @param password the password
     * @param roles the roles, comma-separated
     * @throws IOException if the tool fails
     */
    public void addUser(String user, String password, String roles) throws IOException, InterruptedException {
        run(List.of(home.resolve("bin/add-user.sh").toString(), "-a", "-s", "-u", user, "-p", password, "-g", roles,
                "-sc", configuration().toString()));
    }

    /**
     * Runs a command-line tool (WildFly's {@code add-user.sh}, the JDK's {@code keytool}) to its end.
     *
     * @param cmd the command and its arguments
     * @throws IOException if it cannot start, fails, or runs longer than 120 s
     */
    public static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd.subList(0, 1)) + " failed: " + out);
        }
    }

    /**
     * Starts the server and waits until it is ready: its readiness URL answers 200 (with the expected body, if one
     * was set), or, with {@link Builder#readyWhenDeployed()}, the deployment scanner has deployed the archive.
     *
     * @throws IOException if it cannot be started, exits, fails to deploy, or is not ready in time
     */
    public void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(), "-c", profile,
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.node.name=" + name, "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1", "-Djboss.bind.address.private=127.0.0.1"));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(base.resolve("console-" + (++starts) + ".log").toFile());
        pb.environment().put("JAVA_OPTS", "-Xmx" + heap + " -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true "
                + "-Djboss.modules.system.pkgs=org.jboss.byteman");
        // empty: standalone.sh runs the JVM in the foreground, as its child, so that both can be killed
        pb.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "");
        // standalone.sh takes the boot log's folder from the environment, not from -Djboss.server.base.dir
        pb.environment().put("JBOSS_BASE_DIR", base.toString());
        pb.environment().put("JBOSS_LOG_DIR", base.resolve("log").toString());
        process = pb.start();
        String what = readyDeployment != null ? "deployed " + readyDeployment : "ready at " + url(readyPath);
        try {
            Awaitility.await(name + " " + what + " (see " + serverLog() + ")").atMost(boot)
                    .pollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see "
                                    + serverLog());
                        }
                        if (readyDeployment != null) {
                            return deployed();
                        }
                        URI ready = URI.create(url(readyPath));
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(30))
                                    .GET().build(), HttpResponse.BodyHandlers.ofString());
                            return r.statusCode() == 200 && (readyBody == null || readyBody.equals(r.body()));
                        } catch (IOException notYet) {
                            return false; // not listening yet
                        }
                    });
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The deployment scanner's marker: true once deployed, an exception once it failed. */
    private boolean deployed() {
        Path deployments = base.resolve("deployments");
        if (Files.exists(deployments.resolve(readyDeployment + ".failed"))) {
            throw new IllegalStateException(name + " failed to deploy " + readyDeployment + "; see " + serverLog());
        }
        return Files.exists(deployments.resolve(readyDeployment + ".deployed"));
    }

    /** @return whether the server's process runs */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills the server with SIGKILL (the script and the JVM), without any shutdown, and waits until it is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitGone(tree, Duration.ofSeconds(30), "SIGKILL");
    }

    /**
     * Stops the server as a service manager does (SIGTERM to its JVM: WildFly's orderly shutdown, which stops
     * running batch jobs), waits until it is gone (at most 120 s), then kills whatever is left.
     */
    public void terminate() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        try {
            awaitGone(List.of(process.toHandle()), Duration.ofSeconds(120), "SIGTERM");
        } finally {
            kill();
        }
    }

    /**
     * GETs a path of this server.
     *
     * @param path below the server's root, without a leading '/', with its query
     * @return the body of a 200 answer
     * @throws IOException if the answer is not 200
     */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(name + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /**
     * Asks the restart tests' driver servlet ({@code org.rpb.pacs.it.staging.RestartDriverServlet}, in the test WAR
     * deployed with the module).
     *
     * @param query the driver's query string
     * @return its answer
     * @throws IOException if it does not answer 200
     */
    public String driver(String query) throws IOException, InterruptedException {
        return get(DRIVER + "?" + query);
    }

    /** @return the server base folder */
    public Path base() {
        return base;
    }

    /** @return the server's configuration folder (a copy of the distribution's; where a keystore or users go) */
    public Path configuration() {
        return base.resolve("configuration");
    }

    /** @return the server log */
    public Path serverLog() {
        return base.resolve("log/server.log");
    }

    /** @return the server's JVM (the child of {@code standalone.sh}), if it runs */
    public Optional<ProcessHandle> jvm() {
        return process == null ? Optional.empty() : process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)).findFirst();
    }

    @Override
    public void close() {
        kill();
    }

    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        return tree;
    }

    private void awaitGone(List<ProcessHandle> tree, Duration within, String signal) {
        Awaitility.await(name + " gone after " + signal).atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** Configuration of an {@link OwnWildFly}; {@link #build()} prepares its server base folder. */
    public static final class Builder {
        private final String name;
        private Path home = defaultHome();
        private Path base;
        private String profile = "standalone.xml";
        private int offset;
        private String heap = "1g";
        private String readyPath = "pacs/login.xhtml";
        private String readyBody;
        private String readyDeployment;
        private Duration boot = Duration.ofSeconds(300);
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Path deployment;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** @param home the configured WildFly (default {@link #defaultHome()}) */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** @param base an empty folder for this server (required) */
        public Builder base(Path base) {
            this.base = base;
            return this;
        }

        /** @param profile the server configuration file (default {@code standalone.xml}) */
        public Builder profile(String profile) {
            this.profile = profile;
            return this;
        }

        /** @param offset the port offset (HTTP 8080 + offset, management 9990 + offset, JGroups 7600 + offset) */
        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        /** @param heap the JVM's maximum heap, as {@code -Xmx} takes it (default {@code 1g}) */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** @param properties system properties of the server (added to those set before) */
        public Builder properties(Map<String, String> properties) {
            this.properties.putAll(properties);
            return this;
        }

        /** @param deployment an archive to deploy (the deployment scanner picks it up at every start), or null */
        public Builder deploy(Path deployment) {
            this.deployment = deployment;
            return this;
        }

        /**
         * @param path the path below the root whose 200 answer means ready (default the module's login page)
         * @param body the answer's expected body, or null for any
         */
        public Builder readyWhen(String path, String body) {
            this.readyPath = path;
            this.readyBody = body;
            return this;
        }

        /**
         * Ready when the deployment scanner has deployed the archive of {@link #deploy(Path)} (its {@code .deployed}
         * marker), for a configuration whose pages cannot be asked over plain HTTP; a {@code .failed} marker ends
         * the start with an error.
         */
        public Builder readyWhenDeployed() {
            this.readyDeployment = Objects.requireNonNull(deployment, "deploy(...) first").getFileName().toString();
            return this;
        }

        /** Ready when the restart tests' driver servlet answers its ping (the test WAR deployed too). */
        public Builder readyWhenDriverAnswers() {
            return readyWhen(DRIVER + "?op=ping", "ok");
        }

        /** @param boot how long a start may take until ready (default 300 s) */
        public Builder boot(Duration boot) {
            this.boot = boot;
            return this;
        }

        /**
         * Checks the distribution and the ports, copies the configuration folder into the server base folder and
         * deploys the archive.
         *
         * @return the server, not started
         * @throws IOException if the distribution lacks the profile or a port is in use
         */
        public OwnWildFly build() throws IOException {
            Objects.requireNonNull(base, "base");
            Path configuration = home.resolve("standalone/configuration");
            if (!Files.isExecutable(home.resolve("bin/standalone.sh")) || !Files.isRegularFile(configuration.resolve(profile))) {
                throw new IOException("no configured WildFly with " + profile + " at " + home + ": build pacs-server first");
            }
            for (int port : new int[] {8080 + offset, 8443 + offset, 9990 + offset}) {
                try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    probe.getLocalPort();
                } catch (IOException inUse) {
                    throw new IOException("port " + port + " is in use: is another test server running?", inUse);
                }
            }
            Path config = Files.createDirectories(base.resolve("configuration"));
            try (Stream<Path> s = Files.list(configuration)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, config.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path deployments = Files.createDirectories(base.resolve("deployments"));
            if (deployment != null) {
                Files.copy(deployment, deployments.resolve(deployment.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return new OwnWildFly(this);
        }
    }
}
