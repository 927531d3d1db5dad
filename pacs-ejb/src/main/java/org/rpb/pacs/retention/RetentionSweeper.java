package org.rpb.pacs.retention;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.AccessTimeout;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

import org.rpb.pacs.download.ResearchArchiveLocator;
import org.rpb.pacs.job.lease.JobLeaseService;
import org.rpb.pacs.security.Roles;

/**
 * Runs the {@link RetentionSweep} every 10 minutes on every node (the sweep's row lock lets the nodes of a cluster
 * take turns, each finding what the one before left) and when an administrator asks
 * ({@link RetentionAdminService#sweepNow()}). The retentions are read from the system properties at every sweep
 * ({@link RetentionPolicy#fromSystemProperties()}); {@value #ENABLED}{@code =false} stops the schedule. The research
 * PACS is the one configured now, asked by C-FIND at the instance level with the jobs' target SOP Instance UIDs.
 *
 * <p>Runs as {@code ROLE_PACS_USER} towards the beans it calls (the research node's configuration), as the timer
 * has no caller; it reads no active scope and writes only the job's own study and site into its audit entries.
 */
@Singleton
@DependsOn("DatabaseMigration")
@RunAs(Roles.PACS_USER)
@RolesAllowed(Roles.PACS_ADMIN)
@TransactionManagement(TransactionManagementType.BEAN)
@AccessTimeout(value = 10, unit = TimeUnit.MINUTES)
public class RetentionSweeper {
    /** System property: {@code false} turns the scheduled sweep off (an administrator can still run one). */
    public static final String ENABLED = "pacs.retention.enabled";
    /** The audit's user of a scheduled sweep. */
    public static final String SYSTEM_USER = "system (retention)";

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class.getName());

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private DataSource dataSource;

    @Resource
    private SessionContext session;

    @EJB
    private ResearchArchiveLocator archives;

    @EJB
    private JobLeaseService leases;

    /** The scheduled sweep; a failure is logged (without data) and the next one tries again. */
    @Schedule(minute = "*/10", hour = "*", persistent = false, info = "retention sweep")
    @PermitAll
    void scheduled() {
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED, "true"))) {
            return;
        }
        try {
            RetentionReport r = sweep(SYSTEM_USER);
            if (r.uploadsDeleted() + r.workspacesDeleted() + r.orphansRecorded() > 0) {
                LOG.info(() -> "Retention: " + r);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The retention sweep failed ({0}); the next one tries again",
                    e.getClass().getName());
        }
    }

    /**
     * Runs a sweep now, as the caller (after one in progress, on this or another node).
     *
     * @return what it did
     */
    public RetentionReport sweep() {
        return sweep(session.getCallerPrincipal().getName());
    }

    private RetentionReport sweep(String user) {
        RetentionSweep s = RetentionSweep.builder().dataSource(dataSource)
                .policy(RetentionPolicy.fromSystemProperties()).node(leases.node()).workspaces(workspaces())
                .studies(new ArchiveStoredStudies(archives.node())).build();
        try {
            return s.run(user);
        } catch (SQLException e) {
            throw new EJBException("the retention sweep could not use the database", e);
        }
    }

    /** Where the upload page's sessions keep their working folders (as {@code UploadSessionBean} makes them). */
    private static Path workspaces() {
        return Path.of(System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir")),
                "pacs-upload");
    }
}
