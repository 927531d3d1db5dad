package org.rpb.pacs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A database holding the data of earlier schema versions keeps it when the later migrations run: on an H2 file
 * database in the mode WildFly uses, and on PostgreSQL (a database of its own in the build's cluster, or a
 * private cluster). The portal tables of V1/V2, the staging tables of V20/V21 applied before the domain's V3
 * (the order that really happened: V3 came later and runs out of order), and the domain tables of V3 (records
 * with series, slot history, jobs with instances, audit, secrets, profile versions, nodes) all hold data while
 * the later migrations apply.
 */
@Tag("external")
class MigrationKeepsDataTest {

    @TempDir
    Path dir;

    @Test
    void onH2TheDataOfEveryEarlierVersionSurvivesTheLaterMigrations() throws Exception {
        upgradeKeepsData("jdbc:h2:file:" + dir.resolve("pacs") + ";MODE=LEGACY;DATABASE_TO_LOWER=TRUE", "sa", "sa");
    }

    @Test
    void onPostgresqlTheDataOfEveryEarlierVersionSurvivesTheLaterMigrations() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start(dir)) {
            upgradeKeepsData(pg.url(), pg.user(), pg.password());
            try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password())) {
                assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
            }
        }
    }

    private void upgradeKeepsData(String url, String user, String password) throws Exception {
        Db db = new Db(url, user, password);
        db.migrate(only(v -> v <= 1), null);
        db.sql("insert into pacs.portal_study (code, name, dicom_enabled, study0) values ('T1', 'Trial one', true, false)",
                "insert into pacs.portal_site (code, name) values ('DD', 'Dresden')",
                """
                insert into pacs.portal_user_access (user_name, study_id, site_id)
                select 'nurse', st.id, si.id from pacs.portal_study st, pacs.portal_site si""");
        db.migrate(only(v -> v <= 2), null);
        db.sql("""
                insert into pacs.portal_subject (study_id, site_id, pid, study_subject_id, his_patient_id)
                select st.id, si.id, 'PID-1', 'T1-001', 'HIS/7x' from pacs.portal_study st, pacs.portal_site si""");
        // the staging migrations first, as on the databases that existed before V3 was written
        db.migrate(only(v -> v <= 2 || (v >= 20 && v <= 22)), null);
        db.sql("""
                insert into pacs.staging_instance (job_instance_id, source_sop_uid, source_series_uid, target_sop_uid,
                state, reason, updated_at, study_code, site_code)
                values (7, '1.2.1.1', '1.2.1', '2.25.1', 'VERIFIED', '', current_timestamp, 'STUDY0', 'DD')""",
                """
                insert into pacs.staging_copy (job_instance_id, target, source_study_uid, source_series_uid,
                target_study_uid, target_series_uid, instances, verified, complete, updated_at)
                values (7, 'STUDY0', '1.2', '1.2.1', '2.25.2', '2.25.3', 1, 1, true, current_timestamp)""");
        // V3 arrives later and must apply below the versions already there
        assertTrue(db.migrate(only(v -> v < 30), null) >= 1, "V3 applied out of order");
        db.sql("""
                insert into pacs.pacs_node (name, node_role, ae_title, host, port, calling_ae_title, connect_timeout_ms,
                response_timeout_ms) values ('archive', 'RESEARCH', 'RESEARCH', '127.0.0.1', 4242, 'RPBPACS', 3000, 30000)""",
                """
                insert into pacs.deid_profile_version (study_code, version, options, rules_text, subject_identifier,
                private_policy, key_reference, saved_by, saved_at)
                values ('T1', 1, 'CLEAN_DESCRIPTORS', '', 'PID', 'REMOVE_ALL', 'default', 'admin', current_timestamp)""",
                """
                insert into pacs.project_secret (study_code, purpose, iv, ciphertext, created_at)
                values ('T1', 'default', 'aXY=', 'c2VhbGVk', current_timestamp)""",
                """
                insert into pacs.dicom_study_record (stage, study_code, site_code, pid, study_instance_uid,
                source_study_uid, event_id, slot_id, profile_version, created_by, created_at)
                values ('PROJECT_COPY', 'T1', 'DD', 'PID-1', '2.25.10', '1.2', 5, 6, 1, 'nurse', current_timestamp)""",
                """
                insert into pacs.dicom_series_record (study_record_id, series_instance_uid, source_series_uid, modality,
                instance_count) select id, '2.25.11', '1.2.1', 'CT', 3 from pacs.dicom_study_record
                where study_instance_uid = '2.25.10'""",
                """
                insert into pacs.slot_history (study_code, site_code, slot_id, study_record_id, filled_by, filled_at)
                select 'T1', 'DD', 6, id, 'nurse', current_timestamp from pacs.dicom_study_record
                where study_instance_uid = '2.25.10'""",
                """
                insert into pacs.pacs_job (job_type, state, study_code, site_code, created_by, created_at, retrieved,
                deidentified, stored, verified, failed)
                values ('UPLOAD', 'COMPLETED', 'T1', 'DD', 'nurse', current_timestamp, 3, 3, 3, 3, 0)""",
                """
                insert into pacs.pacs_job_instance (job_id, source_sop_uid, target_sop_uid, state)
                select id, '1.2.1.1', '2.25.12', 'VERIFIED' from pacs.pacs_job where created_by = 'nurse'""",
                """
                insert into pacs.audit_event (occurred_at, user_name, action, study_code, site_code, pid,
                study_instance_uid, detail) values (current_timestamp, 'nurse', 'UPLOAD', 'T1', 'DD', 'PID-1', '2.25.10',
                'study record 1')""");

        int later = db.migrate(null, null);
        assertTrue(later >= 1, "the later migrations were applied");
        assertEquals(List.of(
                "Trial one", "nurse", "HIS/7x", "STAGE|VERIFIED", "2.25.2",
                "archive", "CLEAN_DESCRIPTORS", "c2VhbGVk", "PID-1|2.25.10|1.2|6", "2.25.11|CT|3", "nurse|6",
                "COMPLETED|3", "2.25.12", "UPLOAD|PID-1|study record 1"),
                db.values(
                        "select name from pacs.portal_study where code = 'T1'",
                        "select user_name from pacs.portal_user_access",
                        "select his_patient_id from pacs.portal_subject where pid = 'PID-1'",
                        // the staging progress became a job row with its instances (V23)
                        "select j.job_type || '|' || i.state from pacs.pacs_job_instance i join pacs.pacs_job j"
                                + " on j.id = i.job_id where j.batch_instance_id = 7",
                        "select target_study_uid from pacs.staging_copy where source_series_uid = '1.2.1'",
                        "select name from pacs.pacs_node where ae_title = 'RESEARCH'",
                        "select options from pacs.deid_profile_version where study_code = 'T1'",
                        "select ciphertext from pacs.project_secret where study_code = 'T1'",
                        "select pid || '|' || study_instance_uid || '|' || source_study_uid || '|' || slot_id"
                                + " from pacs.dicom_study_record where study_code = 'T1'",
                        "select series_instance_uid || '|' || modality || '|' || instance_count from pacs.dicom_series_record"
                                + " where source_series_uid = '1.2.1'",
                        "select filled_by || '|' || slot_id from pacs.slot_history where study_code = 'T1'",
                        "select state || '|' || verified from pacs.pacs_job where created_by = 'nurse'",
                        "select target_sop_uid from pacs.pacs_job_instance where source_sop_uid = '1.2.1.1'"
                                + " and job_id = (select id from pacs.pacs_job where created_by = 'nurse')",
                        "select action || '|' || pid || '|' || detail from pacs.audit_event where user_name = 'nurse'"));
        // the new tables work next to the old data
        db.sql("insert into pacs.roi_vocabulary_project (study_code, enabled, changed_by, changed_at)"
                + " values ('T1', true, 'admin', current_timestamp)");
        // a second start migrates nothing and keeps everything
        assertEquals(0, db.migrate(null, null));
        assertEquals(List.of("1"), db.values("select count(*) from pacs.dicom_study_record"));
    }

    /** A folder holding only the migrations whose version passes the test, as an older release shipped them. */
    private Path only(Predicate<Integer> version) throws IOException, URISyntaxException {
        Path all = Path.of(MigrationKeepsDataTest.class.getClassLoader().getResource("db/migration").toURI());
        Path subset = Files.createTempDirectory(dir, "migrations-");
        try (Stream<Path> files = Files.list(all)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.matches("V\\d+__.*\\.sql") && version.test(Integer.parseInt(name.substring(1, name.indexOf("__"))))) {
                    Files.copy(f, subset.resolve(name));
                }
            }
        }
        return subset;
    }

    /** The test's database, migrated as DatabaseMigration does it. */
    private record Db(String url, String user, String password) {

        /** @param folder the migrations, or null for the module's own; @return how many were applied */
        int migrate(Path folder, String target) {
            var config = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations(folder == null ? "classpath:db/migration" : "filesystem:" + folder)
                    .schemas(DatabaseMigration.SCHEMA)
                    .defaultSchema(DatabaseMigration.SCHEMA)
                    .table("pacs_schema_history")
                    .outOfOrder(true);
            if (target != null) {
                config = config.target(MigrationVersion.fromVersion(target));
            }
            return config.load().migrate().migrationsExecuted;
        }

        void sql(String... statements) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.executeUpdate(sql);
                }
            }
        }

        List<String> values(String... queries) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                List<String> out = new java.util.ArrayList<>();
                for (String q : queries) {
                    try (ResultSet r = s.executeQuery(q)) {
                        assertTrue(r.next(), "a row for " + q);
                        out.add(r.getString(1));
                    }
                }
                return out;
            }
        }
    }
}
