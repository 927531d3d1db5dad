package org.rpb.pacs.it.staging;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.job.JobStatus;

/**
 * Lets {@link StagingRestartIT} drive the WildFly it starts and kills itself, over HTTP on loopback: it
 * stages a study as the demo stager and reports job states as {@code key=value} lines. Deployed only in
 * that test's own server (in the test WAR next to the EAR), never in the module.
 */
@WebServlet("/restart-driver")
public class RestartDriverServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private transient StagingJobService jobs;

    @EJB
    private transient org.rpb.pacs.job.JobService engine;

    @EJB
    private transient ActiveScopeService scopes;

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private transient DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        try {
            resp.getWriter().print(answer(req));
        } catch (Exception e) {
            resp.setStatus(500);
            resp.getWriter().print(e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private String answer(HttpServletRequest req) throws Exception {
        switch (String.valueOf(req.getParameter("op"))) {
            case "ping":
                return "ok";
            case "stage":
                return Long.toString(RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return jobs.stageIntoStudy0(req.getParameter("study"), List.of(), req.getParameter("pid"));
                }));
            case "retry":
                long interrupted = Long.parseLong(req.getParameter("execution"));
                return Long.toString(RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return engine.retry(interrupted);
                }));
            case "status":
                long exec = Long.parseLong(req.getParameter("execution"));
                return lines(RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return engine.status(exec);
                }));
            case "latest":
                long instance = Long.parseLong(req.getParameter("instance"));
                return RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return engine.jobs(50).stream().filter(j -> j.id() == instance).findFirst()
                            .map(RestartDriverServlet::lines).orElse("none");
                });
            case "untouched":
                return Integer.toString(untouched(Long.parseLong(req.getParameter("instance")),
                        Long.parseLong(req.getParameter("before"))));
            default:
                throw new IllegalArgumentException("unknown op");
        }
    }

    /** Progress rows of a job instance last written before the given time (epoch milliseconds). */
    private int untouched(long instance, long before) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT COUNT(*) FROM pacs.pacs_job_instance WHERE job_id = ? AND updated_at < ?")) {
            q.setLong(1, instance);
            q.setTimestamp(2, new Timestamp(before));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String lines(JobStatus s) {
        return "execution=" + s.id() + "\ninstance=" + s.id() + "\nbatch=" + s.state().name()
                + "\nexit=" + s.outcome() + "\nverified=" + s.reached(InstanceState.VERIFIED) + "\nfailed="
                + s.reached(InstanceState.FAILED) + "\ntotal=" + s.total() + "\nfinished=" + s.finished() + "\n";
    }
}
