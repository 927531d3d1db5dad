package org.rpb.pacs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database holding the data of an earlier schema version keeps it when the later migrations run, on an
 * H2 file database in the mode WildFly uses (the PostgreSQL run is the server tests' in CI).
 */
class MigrationKeepsDataTest {

    @TempDir
    Path dir;

    @Test
    void dataOfVersionOneAndTwoSurviveTheMigrationToTheLatestVersion() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("pacs") + ";MODE=LEGACY;DATABASE_TO_LOWER=TRUE";
        migrate(url, "1");
        try (Connection c = DriverManager.getConnection(url, "sa", "sa"); Statement s = c.createStatement()) {
            s.executeUpdate("insert into pacs.portal_study (code, name, dicom_enabled, study0) values ('T1', 'Trial one', true, false)");
            s.executeUpdate("insert into pacs.portal_site (code, name) values ('DD', 'Dresden')");
            s.executeUpdate("""
                    insert into pacs.portal_user_access (user_name, study_id, site_id)
                    select 'nurse', st.id, si.id from pacs.portal_study st, pacs.portal_site si""");
        }
        migrate(url, "2");
        try (Connection c = DriverManager.getConnection(url, "sa", "sa"); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    insert into pacs.portal_subject (study_id, site_id, pid, study_subject_id, his_patient_id)
                    select st.id, si.id, 'PID-1', 'T1-001', 'HIS/7x' from pacs.portal_study st, pacs.portal_site si""");
        }
        int applied = migrate(url, null);
        assertTrue(applied >= 1, "later migrations were applied");
        try (Connection c = DriverManager.getConnection(url, "sa", "sa"); Statement s = c.createStatement()) {
            assertEquals("Trial one", one(s, "select name from pacs.portal_study where code = 'T1'"));
            assertEquals("nurse", one(s, "select user_name from pacs.portal_user_access"));
            assertEquals("HIS/7x", one(s, "select his_patient_id from pacs.portal_subject where pid = 'PID-1'"));
            // the new tables work next to the old data
            s.executeUpdate("""
                    insert into pacs.dicom_study_record (stage, study_code, site_code, pid, study_instance_uid, created_by, created_at)
                    values ('PROJECT_COPY', 'T1', 'DD', 'PID-1', '1.2.3', 'nurse', current_timestamp)""");
            assertEquals("PID-1", one(s, "select pid from pacs.dicom_study_record where study_instance_uid = '1.2.3'"));
        }
        // a second start migrates nothing and keeps everything
        assertEquals(0, migrate(url, null));
    }

    private static int migrate(String url, String target) {
        var config = Flyway.configure()
                .dataSource(url, "sa", "sa")
                .locations("classpath:db/migration")
                .schemas(DatabaseMigration.SCHEMA)
                .defaultSchema(DatabaseMigration.SCHEMA)
                .table("pacs_schema_history")
                .outOfOrder(true);
        if (target != null) {
            config = config.target(MigrationVersion.fromVersion(target));
        }
        return config.load().migrate().migrationsExecuted;
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), "a row for " + sql);
            return r.getString(1);
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
