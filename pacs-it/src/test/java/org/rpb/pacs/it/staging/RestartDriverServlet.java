package org.rpb.pacs.it.staging;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.stream.Stream;

import javax.naming.InitialContext;

import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.DriverServlet;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.upload.UploadSessionBean;
import org.rpb.pacs.upload.UploadSlotsService;

/**
 * Lets the restart tests ({@link StagingRestartIT}, {@code UploadRestartIT}) drive the WildFly they start and kill
 * themselves, over HTTP on loopback: it stages a study as the demo stager or uploads a folder as the demo uploader,
 * and reports job states (by job ID, with the latest batch execution) as {@code key=value} lines. Deployed only in
 * those tests' own server (in the test WAR next to the EAR), never in the module.
 */
@WebServlet("/restart-driver")
public class RestartDriverServlet extends DriverServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private transient JobService jobs;

    @EJB
    private transient UploadSlotsService slots;

    @Override
    protected String answer(String op, HttpServletRequest req) throws Exception {
        switch (op) {
            case "stage":
                return Long.toString(stageAsStager(req.getParameter("study"), req.getParameter("pid")));
            case "upload":
                return Long.toString(upload(Path.of(req.getParameter("dir")), req.getParameter("pid"),
                        req.getParameter("event"), req.getParameter("slot")));
            case "retry":
                long job = Long.parseLong(req.getParameter("job"));
                return Long.toString(RunAs.user(user(req), () -> {
                    select(req);
                    return jobs.retry(job);
                }));
            case "cancel":
                long cancelled = Long.parseLong(req.getParameter("job"));
                RunAs.user(user(req), () -> {
                    select(req);
                    jobs.cancel(cancelled);
                    return null;
                });
                return "ok";
            case "status":
                long id = Long.parseLong(req.getParameter("job"));
                // the execution first: a resumed job's row takes its new execution and RUNNING in one transaction, so
                // a state read after it is never the interrupted one's (read before it, it could be: a CI run mixed
                // the new execution with the old INTERRUPTED, which looked like a finished resume)
                long execution = execution(id);
                return lines(RunAs.user(user(req), () -> {
                    select(req);
                    return jobs.status(id);
                }), execution);
            case "row":
                // read without an active scope: the job's study may have lost its DICOM tag
                try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                        "SELECT state, outcome, verified FROM pacs.pacs_job WHERE id = ?")) {
                    q.setLong(1, Long.parseLong(req.getParameter("job")));
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        return "state=" + rs.getString(1) + "\nexit=" + rs.getString(2) + "\nverified=" + rs.getInt(3)
                                + "\nexecution=" + execution(Long.parseLong(req.getParameter("job"))) + "\n";
                    }
                }
            case "execution":
                JobExecution e = BatchRuntime.getJobOperator().getJobExecution(Long.parseLong(req.getParameter("id")));
                return "batch=" + e.getBatchStatus() + "\nexit=" + e.getExitStatus() + "\n";
            case "checkpointed":
                // chunks whose checkpoint the batch repository committed for this execution (JBeret's own table)
                return Integer.toString(count("SELECT COUNT(*) FROM step_execution WHERE jobexecutionid = ? AND "
                        + "readercheckpointinfo IS NOT NULL", Long.parseLong(req.getParameter("execution"))));
            case "untouched":
                return Integer.toString(count("SELECT COUNT(*) FROM pacs.pacs_job_instance WHERE job_id = ? AND "
                        + "updated_at < ?", Long.parseLong(req.getParameter("job")),
                        new Timestamp(Long.parseLong(req.getParameter("before")))));
            case "slotof":
                return Long.toString(RunAs.user(DemoUsers.UPLOADER, () -> {
                    scopes.select("RTTRIAL", "DD");
                    return slotOf(req.getParameter("pid"), req.getParameter("event"), req.getParameter("slot"));
                }));
            case "records":
                String pid = req.getParameter("pid");
                long slot = Long.parseLong(req.getParameter("slot"));
                return "records=" + count("SELECT COUNT(*) FROM pacs.dicom_study_record WHERE pid = ?", pid)
                        + "\nlinks=" + count("SELECT COUNT(*) FROM pacs.slot_history WHERE slot_id = ?", slot) + "\n";
            case "jobs":
                // the job list of the caller's active study and site, as the jobs page shows it
                return String.join(",", RunAs.user(user(req), () -> {
                    select(req);
                    return jobs.jobs(500);
                }).stream().map(j -> Long.toString(j.id())).toList());
            case "count":
                // a read-only count for the cluster test (records, audit events)
                String sql = req.getParameter("statement");
                if (!sql.startsWith("SELECT COUNT(*) FROM ")) {
                    throw new IllegalArgumentException("only counts");
                }
                return Integer.toString(count(sql));
            case "sql":
                // the tests' way to take a study's DICOM tag or a user's site away while the server is up
                try (Connection c = dataSource.getConnection();
                        PreparedStatement u = c.prepareStatement(req.getParameter("statement"))) {
                    return Integer.toString(u.executeUpdate());
                }
            default:
                throw new IllegalArgumentException("unknown op");
        }
    }

    private static String user(HttpServletRequest req) {
        return "uploader".equals(req.getParameter("as")) ? DemoUsers.UPLOADER : DemoUsers.STAGER;
    }

    private void select(HttpServletRequest req) {
        if ("uploader".equals(req.getParameter("as"))) {
            scopes.select("RTTRIAL", "DD");
        } else {
            scopes.select("STUDY0", "DD");
        }
    }

    /** Uploads a folder into a slot as the demo uploader, as the upload page does; returns the job's ID. */
    private long upload(Path dir, String pid, String event, String slotName) throws Exception {
        return RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("RTTRIAL", "DD");
            long slot = slotOf(pid, event, slotName);
            UploadSessionBean session = (UploadSessionBean) new InitialContext().lookup(
                    "java:global/pacs/pacs-ejb/UploadSessionBean!" + UploadSessionBean.class.getName());
            session.begin(slot);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.sorted().toList()) {
                    try (InputStream in = Files.newInputStream(f)) {
                        session.receive("study/" + f.getFileName(), in);
                    }
                }
            }
            session.contents();
            return session.confirm(true, false);
        });
    }

    private long slotOf(String pid, String event, String slotName) throws Exception {
        return slots.subject(pid).events().stream().filter(e -> e.event().definitionCode().equals(event))
                .findFirst().orElseThrow().slots().stream().filter(x -> x.name().equals(slotName)).findFirst()
                .orElseThrow().id();
    }

    private long execution(long job) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT COALESCE(batch_execution_id, -1) FROM pacs.pacs_job WHERE id = ?")) {
            q.setLong(1, job);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int count(String sql, Object... args) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int k = 0; k < args.length; k++) {
                q.setObject(k + 1, args[k]);
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String lines(JobStatus s, long execution) {
        String batch = execution < 0 ? "NONE"
                : BatchRuntime.getJobOperator().getJobExecution(execution).getBatchStatus().name();
        return "job=" + s.id() + "\nexecution=" + execution + "\nbatch=" + batch + "\nstate=" + s.state()
                + "\nexit=" + s.outcome() + "\nverified=" + s.reached(InstanceState.VERIFIED) + "\nfailed="
                + s.failed() + "\ntotal=" + s.total() + "\nfinished=" + s.finished() + "\n";
    }
}
