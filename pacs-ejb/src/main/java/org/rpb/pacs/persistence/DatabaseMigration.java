package org.rpb.pacs.persistence;

import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

import org.flywaydb.core.Flyway;

/**
 * Brings the module's schema to the current version at deployment, before anything uses it.
 * Migrations are versioned SQL scripts under {@code db/migration}; an upgrade applies only the new
 * ones and keeps the data.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigration {

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

    /** The module's own schema; the batch job repository keeps its tables elsewhere. */
    static final String SCHEMA = "pacs";

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        var result = Flyway.configure(DatabaseMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .table("pacs_schema_history")
                // version ranges are allotted per feature (V2-V9 domain, V30+ vocabulary...), so a database
                // that already holds a higher version must still take a lower one added later
                .outOfOrder(true)
                .load()
                .migrate();
        LOG.info(() -> result.migrationsExecuted == 0
                ? "PACS schema is up to date"
                : "PACS schema migrated to version " + result.targetSchemaVersion
                        + " (" + result.migrationsExecuted + " migrations applied)");
    }
}
