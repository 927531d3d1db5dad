package org.rpb.pacs.web.subjects;

import java.io.IOException;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.rpb.pacs.download.DownloadService;
import org.rpb.pacs.node.ArchiveUnavailableException;
import org.rpb.pacs.portal.DicomNotEnabledException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;

/**
 * {@code GET /subjects/download?record=ID[&series=UID]}: the ZIP of a recorded study or series, streamed from the
 * research PACS as it is fetched. {@link DownloadService} checks ROLE_PACS_DOWNLOAD and the active study and site.
 */
@WebServlet("/subjects/download")
public class DownloadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private DownloadService downloads;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long recordId;
        try {
            recordId = Long.parseLong(req.getParameter("record"));
        } catch (NumberFormatException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "record must be a study record ID");
            return;
        }
        String series = req.getParameter("series");
        if (series != null && !series.matches("[0-9]+(\\.[0-9]+)*")) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "series must be a UID");
            return;
        }
        try {
            downloads.record(recordId);
        } catch (DicomNotEnabledException e) {
            // a direct link while a study without DICOM is active: the home page explains
            resp.sendRedirect(req.getContextPath() + "/index.xhtml");
            return;
        } catch (EJBAccessException e) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        } catch (NotInScopeException | NoActiveScopeException e) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, e.getMessage());
            return;
        }
        resp.setContentType("application/zip");
        resp.setHeader("Content-Disposition", "attachment; filename=\"study-" + recordId
                + (series == null ? "" : "-series") + ".zip\"");
        try {
            downloads.stream(recordId, series, resp.getOutputStream());
        } catch (EJBAccessException e) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN);
        } catch (NotInScopeException | NoActiveScopeException e) {
            if (!resp.isCommitted()) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND, e.getMessage());
            }
        } catch (ArchiveUnavailableException e) {
            if (!resp.isCommitted()) {
                resp.sendError(HttpServletResponse.SC_BAD_GATEWAY, e.getMessage());
            } else {
                throw new IOException("the research PACS failed during the download", e);
            }
        }
    }
}
