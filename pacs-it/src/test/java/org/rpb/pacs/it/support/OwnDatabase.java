package org.rpb.pacs.it.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of an {@link OwnWildFly} server (never the Arquillian server's): a fresh database in the PostgreSQL
 * cluster the build runs against ({@code scripts/test.sh} passes {@code -Dpacs.db.driver=postgresql} and
 * {@code -Dpacs.db.url}), dropped by {@link #close()}; or, without PostgreSQL and where the caller allows it, an H2
 * file in a folder of the test's own.
 *
 * @param properties the server's {@code pacs.db.*} system properties
 * @param admin the URL the database was created through, or null for H2
 * @param name the database's name, or null for H2
 */
public record OwnDatabase(Map<String, String> properties, String admin, String name) implements AutoCloseable {

    /**
     * A fresh PostgreSQL database; fails when the build does not run against PostgreSQL (the cluster's nodes need
     * one database that all of them reach).
     *
     * @param prefix the database name's prefix (a time is appended)
     * @return the database
     */
    public static OwnDatabase postgres(String prefix) throws SQLException {
        if (!"postgresql".equals(System.getProperty("pacs.db.driver"))) {
            throw new IllegalStateException("this test needs PostgreSQL: run it with scripts/test.sh, which passes "
                    + "-Dpacs.db.driver=postgresql -Dpacs.db.url=...");
        }
        String url = System.getProperty("pacs.db.url");
        Matcher m = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]+)").matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("unexpected pacs.db.url " + url);
        }
        String name = prefix + "_" + System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(url, user(), password()); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + name);
        }
        return new OwnDatabase(Map.of("pacs.db.driver", "postgresql", "pacs.db.url", m.group(1) + name,
                "pacs.db.user", user(), "pacs.db.password", password()), url, name);
    }

    /**
     * A fresh PostgreSQL database when the build runs against PostgreSQL, else an H2 file.
     *
     * @param prefix the PostgreSQL database name's prefix
     * @param dir the folder of the H2 file
     * @return the database
     */
    public static OwnDatabase postgresOrH2(String prefix, Path dir) throws SQLException {
        if ("postgresql".equals(System.getProperty("pacs.db.driver"))) {
            return postgres(prefix);
        }
        return new OwnDatabase(Map.of("pacs.db.driver", "h2", "pacs.db.url", "jdbc:h2:" + dir.resolve("db/pacs")
                + ";MODE=LEGACY;DATABASE_TO_LOWER=TRUE", "pacs.db.user", "sa", "pacs.db.password", "sa"), null, null);
    }

    /** Drops a PostgreSQL database (with its servers' connections); an H2 file stays with its test folder. */
    @Override
    public void close() throws SQLException {
        if (name == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(admin, user(), password()); Statement s = c.createStatement()) {
            s.executeUpdate("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static String user() {
        return System.getProperty("pacs.db.user");
    }

    private static String password() {
        return System.getProperty("pacs.db.password");
    }
}
