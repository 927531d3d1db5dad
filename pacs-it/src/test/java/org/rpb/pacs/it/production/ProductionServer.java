package org.rpb.pacs.it.production;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * pacs-server's configured WildFly started with its production configuration ({@code standalone-production.xml}),
 * as an operator would: a server base folder of its own under {@code target/} (a copy of the configuration folder,
 * deployments, data, log), ports shifted by an offset, users added with WildFly's {@code add-user.sh}, the keystore
 * and the database named by system properties. {@link #close()} stops it (SIGTERM, then SIGKILL).
 */
final class ProductionServer implements AutoCloseable {
    private static final Duration BOOT = Duration.ofSeconds(240);

    private final Path home;
    private final Path base;
    private final int offset;
    private Process process;

    private ProductionServer(Path home, Path base, int offset) {
        this.home = home;
        this.base = base;
        this.offset = offset;
    }

    /**
     * Prepares the server base folder and deploys the EAR into it.
     *
     * @param home the configured WildFly (pacs-server/target/wildfly)
     * @param base an empty folder for this server
     * @param offset the port offset
     * @param ear the module's EAR
     */
    static ProductionServer prepare(Path home, Path base, int offset, Path ear) throws IOException {
        if (!Files.isRegularFile(home.resolve("standalone/configuration/standalone-production.xml"))) {
            throw new IOException("no production configuration in " + home + ": build pacs-server first");
        }
        for (int port : new int[] {8080 + offset, 8443 + offset, 9990 + offset}) {
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
        Files.copy(ear, deployments.resolve("pacs.ear"), StandardCopyOption.REPLACE_EXISTING);
        return new ProductionServer(home, base, offset);
    }

    /** @return the server's configuration folder (where a keystore or users go) */
    Path configuration() {
        return base.resolve("configuration");
    }

    /** @return the server base folder */
    Path base() {
        return base;
    }

    /** @return the plain HTTP port */
    int httpPort() {
        return 8080 + offset;
    }

    /** @return the HTTPS port */
    int httpsPort() {
        return 8443 + offset;
    }

    /**
     * Adds an application user the way an operator of a stand-alone server does ({@code add-user.sh -a}), into the
     * production configuration's realm.
     */
    void addUser(String user, String password, String roles) throws IOException, InterruptedException {
        run(List.of(home.resolve("bin/add-user.sh").toString(), "-a", "-s", "-u", user, "-p", password, "-g", roles,
                "-sc", configuration().toString()));
    }

    /**
     * Starts {@code standalone.sh -c standalone-production.xml} and waits until the EAR is deployed.
     *
     * @param properties the system properties (database, keystore)
     */
    void start(Map<String, String> properties) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-c", "standalone-production.xml", "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        pb.environment().put("JAVA_OPTS", "-Xmx768m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true");
        pb.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "");
        // standalone.sh takes the boot log's folder from the environment, not from -Djboss.server.base.dir
        pb.environment().put("JBOSS_BASE_DIR", base.toString());
        pb.environment().put("JBOSS_LOG_DIR", base.resolve("log").toString());
        process = pb.start();
        Path deployed = base.resolve("deployments/pacs.ear.deployed");
        Path failed = base.resolve("deployments/pacs.ear.failed");
        try {
            Awaitility.await().atMost(BOOT).pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.exists(deployed) || !process.isAlive() || Files.exists(failed));
        } catch (ConditionTimeoutException timeout) {
            // reported below
        }
        if (!Files.exists(deployed)) {
            throw new IOException("the module did not deploy on the production configuration; see "
                    + base.resolve("log/server.log"));
        }
    }

    /** @return the server log */
    Path serverLog() {
        return base.resolve("log/server.log");
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (ProcessHandle p : tree) {
            p.destroyForcibly();
        }
        process.waitFor(30, TimeUnit.SECONDS);
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd.subList(0, 1)) + " failed: " + out);
        }
    }
}
