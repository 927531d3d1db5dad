package org.rpb.pacs.web.upload;

import static org.rpb.pacs.web.upload.UploadFilesServlet.answer;
import static org.rpb.pacs.web.upload.UploadFilesServlet.error;

import java.io.IOException;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.upload.UploadJobService;
import org.rpb.pacs.upload.UploadJobView;

/**
 * {@code GET /upload/job?id=N[&known=V]}: the state and counters of an upload job of the caller's active study and
 * site, as a few bytes of JSON ({@link #json}), which the upload page's script asks for while the job runs instead of
 * re-rendering its job panel through Faces on a timer; when the job has ended (or an instance failed) the page renders
 * the panel once, with the outcome and the reason.
 * <p>
 * With {@code known} (the {@code version} of the last answer) the request waits until the job's state or counters
 * differ from it, it has ended, or {@value #WAIT_MS} ms have passed, looking at the job's row every
 * {@value #LOOK_MS} ms: the page learns of each batch and of the end within about that, without a request (and the
 * browser's work for it) per tick while nothing changes. The answer holds counts and the state only (no UID, no value
 * of a file); an ID that is not an upload job of the caller's active study and site gets 404, the same as one that
 * does not exist. web.xml lets only ROLE_PACS_UPLOAD in ({@code /upload/*}); {@link UploadJobService#awaitChange}
 * scopes the job.
 */
@WebServlet("/upload/job")
public class UploadJobStatusServlet extends HttpServlet {

    /** The longest a request with {@code known} waits for a change, in milliseconds. */
    static final long WAIT_MS = 2000;
    /** How often a waiting request looks at the job's row, in milliseconds (one indexed row read). */
    static final long LOOK_MS = 50;

    private static final long serialVersionUID = 1L;

    @EJB
    private UploadJobService jobs;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long id;
        try {
            id = Long.parseLong(String.valueOf(req.getParameter("id")));
        } catch (NumberFormatException e) {
            answer(resp, HttpServletResponse.SC_BAD_REQUEST, error("id must be an upload job's number"));
            return;
        }
        String known = req.getParameter("known");
        UploadJobView view;
        try {
            // the job's scope is checked once; then only its row is read while nothing changes (without known: at once)
            view = jobs.awaitChange(id, s -> version(s).equals(known), WAIT_MS, LOOK_MS);
        } catch (EJBAccessException e) {
            answer(resp, HttpServletResponse.SC_FORBIDDEN, error("You may not follow upload jobs."));
            return;
        } catch (InterruptedException e) {
            // the server is stopping: answer what is known, the page asks again
            Thread.currentThread().interrupt();
            view = jobs.view(id);
        }
        if (view == null) {
            answer(resp, HttpServletResponse.SC_NOT_FOUND,
                    error("upload job " + id + " is not in your active study and site"));
            return;
        }
        answer(resp, HttpServletResponse.SC_OK, json(view));
    }

    /**
     * @param view an upload job as the page shows it
     * @return its state and counters in one string: equal for two views exactly when the page would show the same
     */
    static String version(UploadJobView view) {
        return version(view.status());
    }

    private static String version(JobStatus s) {
        return s.state().name() + "/" + s.total() + "/" + s.deidentified() + "/" + s.stored() + "/" + s.verified()
                + "/" + s.failed();
    }

    /**
     * @param view an upload job as the page shows it
     * @return {@code {"id", "state", "ended", "total", "deidentified", "stored", "verified", "failed", "percent",
     *         "version"}}: what the page's job panel shows while the job runs, and the {@link #version} to send as
     *         {@code known} with the next request
     */
    public static JsonObject json(UploadJobView view) {
        JobStatus s = view.status();
        return Json.createObjectBuilder().add("id", s.id()).add("state", s.state().name())
                .add("ended", s.state().ended()).add("total", s.total()).add("deidentified", s.deidentified())
                .add("stored", s.stored()).add("verified", s.verified()).add("failed", s.failed())
                .add("percent", view.percent()).add("version", version(view)).build();
    }
}
