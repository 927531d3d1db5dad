package org.rpb.pacs.it.support;

import java.io.IOException;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.staging.job.StagingJobService;

/**
 * The base of the servlets by which a test or a benchmark drives a WildFly it started itself, over HTTP on loopback
 * (deployed in the test WAR of {@link Deployments#earWithTests}, never in the module): {@code GET ?op=NAME&...} is
 * answered as plain text, {@code op=ping} with {@code ok}, anything that fails with a 500 and the exception's class
 * and message.
 */
public abstract class DriverServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The module's database, for rows no service shows. */
    @Resource(lookup = "java:jboss/datasources/PacsDS")
    protected transient DataSource dataSource;

    /** The caller's active study and site. */
    @EJB
    protected transient ActiveScopeService scopes;

    /** Staging, as the stager's pages start it. */
    @EJB
    protected transient StagingJobService staging;

    @Override
    protected final void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        try {
            String op = String.valueOf(req.getParameter("op"));
            resp.getWriter().print(op.equals("ping") ? "ok" : answer(op, req));
        } catch (Exception e) {
            resp.setStatus(500);
            resp.getWriter().print(e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /**
     * @param op the request's {@code op} parameter (not {@code ping})
     * @param req the request, for the operation's other parameters
     * @return the answer's text
     * @throws Exception anything, answered with a 500 (an unknown op: an {@link IllegalArgumentException})
     */
    protected abstract String answer(String op, HttpServletRequest req) throws Exception;

    /**
     * Stages a whole study into Study0 at DD as the demo stager, as a click on "Stage" does.
     *
     * @param studyInstanceUid the study in the clinical PACS
     * @param pid the subject's PID
     * @return the job's ID
     */
    protected long stageAsStager(String studyInstanceUid, String pid) throws Exception {
        return RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            return staging.stageIntoStudy0(studyInstanceUid, List.of(), pid);
        });
    }
}
