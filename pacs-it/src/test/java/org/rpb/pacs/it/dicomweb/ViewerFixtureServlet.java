package org.rpb.pacs.it.dicomweb;

import java.io.IOException;
import java.nio.file.Files;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.record.StudyRecordService;

/**
 * Lets the Chromium test of the viewer, which runs as a client, make and remove a {@link DicomWebFixture} in the
 * server over HTTP on loopback: {@code ?op=start} answers {@code key=value} lines (the record ID and UIDs of the
 * caller's study), {@code ?op=stop} stops it. Deployed only in the test WAR, never in the module.
 */
@WebServlet("/dicomweb-viewer-fixture")
public class ViewerFixtureServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** CT slices of the viewer's study: as many as the demo's CT + RT study. */
    private static final int SLICES = 12;

    @EJB
    private transient StudyRecordService records;

    @EJB
    private transient ActiveScopeService scopes;

    private transient DicomWebFixture fixture;
    private transient java.nio.file.Path dir;

    @Override
    protected synchronized void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        try {
            if ("start".equals(req.getParameter("op"))) {
                if (fixture == null) {
                    dir = Files.createTempDirectory("dicomweb-viewer-");
                    fixture = new DicomWebFixture(dir, records, scopes, SLICES);
                }
                resp.getWriter().print("record=" + fixture.ownRecordId + "\nstudy=" + fixture.own.uid() + "\nct="
                        + fixture.own.ctSeries() + "\nstruct=" + fixture.own.structSeries() + "\nslices=" + SLICES + "\n");
            } else if ("stop".equals(req.getParameter("op"))) {
                if (fixture != null) {
                    fixture.close();
                    fixture = null;
                }
                if (dir != null) {
                    FileTrees.delete(dir);
                    dir = null;
                }
                resp.getWriter().print("stopped\n");
            } else {
                resp.sendError(400, "op must be start or stop");
            }
        } catch (Exception e) {
            resp.setStatus(500);
            resp.getWriter().print(e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
