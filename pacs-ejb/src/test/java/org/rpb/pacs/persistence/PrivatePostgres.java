package org.rpb.pacs.persistence;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An empty PostgreSQL database for one test, dropped afterwards: a new database in the cluster the build names
 * ({@code -Dpacs.db.driver=postgresql -Dpacs.db.url=...}, as scripts/test.sh passes them), or else a private
 * cluster on 127.0.0.1 started from Debian's binaries the way scripts/lib-postgres.sh does it (as the
 * {@code postgres} user when run as root) and stopped again. Never the system service.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String database;
    private final Path cluster;
    private final String bin;

    private PrivatePostgres(String adminUrl, String user, String password, Path cluster, String bin)
            throws SQLException {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.cluster = cluster;
        this.bin = bin;
        this.database = "pacs_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + database);
        }
    }

    /** A new empty database, in the build's cluster when it names one, else in a private cluster. */
    public static PrivatePostgres start(Path dir) throws Exception {
        String driver = property("pacs.db.driver");
        String url = property("pacs.db.url");
        if ("postgresql".equals(driver) && url != null) {
            return new PrivatePostgres(url, property("pacs.db.user"), property("pacs.db.password"), null, null);
        }
        String bin = binaries();
        Path cluster = Files.createDirectories(dir.resolve("pg"));
        String password = "mig-" + UUID.randomUUID();
        Path pwfile = Files.writeString(cluster.resolve("pwfile"), password + "\n");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", cluster.toString()), false);
            // the postgres user must be able to reach the folder (a test's temporary folder is the owner's only)
            dir.toFile().setExecutable(true, false);
        }
        run(List.of(bin + "/initdb", "-D", cluster.resolve("data").toString(), "-U", "pacs", "--pwfile=" + pwfile,
                "-A", "scram-sha-256", "-E", "UTF8"), root);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        run(List.of(bin + "/pg_ctl", "-D", cluster.resolve("data").toString(), "-l",
                cluster.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + cluster + " -c listen_addresses=127.0.0.1", "start"), root);
        return new PrivatePostgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "pacs", password, cluster, bin);
    }

    /** The JDBC URL of the test's database. */
    public String url() {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    /** @return a data source of the test's database */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    /**
     * Applies the module's Flyway migrations to a test database (PostgreSQL or H2) the way the server does.
     *
     * @param ds an empty database
     * @return {@code ds}, migrated
     */
    public static DataSource migrated(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").schemas("pacs").defaultSchema("pacs")
                .table("pacs_schema_history").outOfOrder(true).load().migrate();
        return ds;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.executeUpdate("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } finally {
            if (cluster != null) {
                run(List.of(bin + "/pg_ctl", "-D", cluster.resolve("data").toString(), "-m", "fast", "-w", "stop"),
                        "root".equals(System.getProperty("user.name")));
            }
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() || v.startsWith("${") ? null : v;
    }

    private static String binaries() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            throw new IllegalStateException("PostgreSQL is not installed (apt-get install postgresql), and no "
                    + "-Dpacs.db.driver=postgresql -Dpacs.db.url=... names a database");
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + base)).toString();
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed: " + out);
        }
    }
}
