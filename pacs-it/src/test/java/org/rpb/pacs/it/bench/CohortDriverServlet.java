package org.rpb.pacs.it.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.DriverServlet;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.lookup.LookupResult;
import org.rpb.pacs.lookup.LookupService;
import org.rpb.pacs.staging.job.StagingJobService;

/**
 * Drives the cohort benchmark inside the server it runs on, over HTTP on loopback: {@code op=cohort&pids=...} does
 * what the lookup page's pasted list does for the demo stager in Study0 at DD (one lookup of the pasted PIDs in the
 * clinical PACS, then "Stage" on every study found: {@link StagingJobService#stageIntoStudy0} with all series) and
 * answers the server's clock when it began and the job IDs; {@code op=jobs&ids=...} answers each job's row (state,
 * counts, end time). Deployed only in the benchmark's own server (in a WAR next to the module's EAR).
 */
@WebServlet("/cohort-driver")
public class CohortDriverServlet extends DriverServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private transient LookupService lookup;

    @Override
    protected String answer(String op, HttpServletRequest req) throws Exception {
        switch (op) {
            case "cohort":
                return cohort(req.getParameter("pids").replace(',', '\n'));
            case "jobs":
                return jobs(req.getParameter("ids").split(","));
            default:
                throw new IllegalArgumentException("unknown op");
        }
    }

    /** The pasted list: one lookup, then every study found staged as a whole, as the stager's clicks do. */
    private String cohort(String pasted) throws Exception {
        return RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            long began = System.currentTimeMillis();
            LookupResult found = lookup.lookup(pasted);
            long lookedUp = System.currentTimeMillis();
            if (!found.refused().isEmpty()) {
                throw new IllegalStateException(found.refused().size() + " identifiers refused by the lookup");
            }
            List<String> ids = new ArrayList<>();
            for (LookupResult.Patient p : found.patients()) {
                if (p.error() != null) {
                    throw new IllegalStateException("lookup of " + p.pid() + ": " + p.error());
                }
                for (LookupResult.Study s : p.studies()) {
                    ids.add(Long.toString(staging.stageIntoStudy0(s.studyInstanceUid(), List.of(), p.pid())));
                }
            }
            return "began=" + began + "\nfound=" + lookedUp + "\nstarted=" + System.currentTimeMillis() + "\njobs="
                    + String.join(",", ids) + "\n";
        });
    }

    /**
     * One line per job: ID, state, total, verified, failed, end, created, its batch execution's start (server clock,
     * ms; 0 while not yet).
     */
    private String jobs(String[] ids) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT j.state, j.total, j.verified, j.failed, j.finished_at, j.created_at, e.starttime FROM pacs.pacs_job j "
                + "LEFT JOIN job_execution e ON e.jobexecutionid = j.batch_execution_id WHERE j.id = ?")) {
            for (String id : ids) {
                q.setLong(1, Long.parseLong(id.trim()));
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no job " + id);
                    }
                    out.append(id.trim()).append(' ').append(rs.getString(1)).append(' ').append(rs.getInt(2))
                            .append(' ').append(rs.getInt(3)).append(' ').append(rs.getInt(4)).append(' ')
                            .append(millis(rs.getTimestamp(5))).append(' ').append(millis(rs.getTimestamp(6)))
                            .append(' ').append(millis(rs.getTimestamp(7))).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static long millis(Timestamp t) {
        return t == null ? 0 : t.getTime();
    }
}
