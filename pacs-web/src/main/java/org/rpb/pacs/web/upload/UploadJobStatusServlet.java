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
 * {@code GET /upload/job?id=N}: the state and counters of an upload job of the caller's active study and site, as a
 * few bytes of JSON ({@link #json}), which the upload page's script asks for while the job runs instead of
 * re-rendering its job panel through Faces on every poll; when the job has ended (or an instance failed) the page
 * renders the panel once, with the outcome and the reason. The answer holds counts and the state only (no UID, no
 * value of a file); an ID that is not an upload job of the caller's active study and site gets 404, the same as one
 * that does not exist. web.xml lets only ROLE_PACS_UPLOAD in ({@code /upload/*}); {@link UploadJobService#view}
 * scopes the job.
 */
@WebServlet("/upload/job")
public class UploadJobStatusServlet extends HttpServlet {

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
        UploadJobView view;
        try {
            view = jobs.view(id);
        } catch (EJBAccessException e) {
            answer(resp, HttpServletResponse.SC_FORBIDDEN, error("You may not follow upload jobs."));
            return;
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
     * @return {@code {"id", "state", "ended", "total", "deidentified", "stored", "verified", "failed", "percent"}}:
     *         what the page's job panel shows while the job runs
     */
    public static JsonObject json(UploadJobView view) {
        JobStatus s = view.status();
        return Json.createObjectBuilder().add("id", s.id()).add("state", s.state().name())
                .add("ended", s.state().ended()).add("total", s.total()).add("deidentified", s.deidentified())
                .add("stored", s.stored()).add("verified", s.verified()).add("failed", s.failed())
                .add("percent", view.percent()).build();
    }
}
