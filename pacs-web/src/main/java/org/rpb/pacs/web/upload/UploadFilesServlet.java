package org.rpb.pacs.web.upload;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.rpb.pacs.upload.UploadFailedException;
import org.rpb.pacs.upload.UploadReceiver;
import org.rpb.pacs.upload.UploadSessionBean;

/**
 * {@code POST /upload/files}: one file of the upload page's upload, its bytes as the request body (no multipart, no
 * Faces lifecycle), streamed into the upload's working folder as they arrive, so that the upload's caps (total bytes
 * and files, ZIP and deflate bomb limits) stop a file while it is sent. The page's script sends several files at a
 * time.
 * <ul>
 * <li>{@value #TOKEN} names the upload: the token the page got from {@link UploadChannels}, which is looked up in the
 * caller's HTTP session only. Without it (or with any other value) the request is refused: a page of another site can
 * neither read the token nor send the header without the server's consent (CORS).</li>
 * <li>{@value #NAME} is the file's name (with the relative path of a chosen folder), percent-encoded as
 * {@code encodeURIComponent} writes it. It is never logged, and no URL carries it.</li>
 * </ul>
 * The answer is JSON: {@code {"files": n}} (the files the upload gained, more than one for a ZIP) or
 * {@code {"error": "..."}} naming the file and what is wrong, with 403 (the upload is not open in this session), 400
 * (no name) or 422 (the file was refused; nothing of it stays). web.xml lets only ROLE_PACS_UPLOAD in
 * ({@code /upload/*}), and the upload session checks the role again.
 */
@WebServlet("/upload/files")
public class UploadFilesServlet extends HttpServlet {

    /** The request header with the upload's token. */
    public static final String TOKEN = "X-Upload-Token";
    /** The request header with the file's name. */
    public static final String NAME = "X-Upload-Name";

    private static final long serialVersionUID = 1L;

    /** A refused file's remaining body is read up to this much, so that the browser gets the reason. */
    private static final long DRAIN_LIMIT = 256L * 1024 * 1024;

    @Inject
    private UploadChannels channels;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<UploadSessionBean> session = channels.find(req.getHeader(TOKEN));
        if (session.isEmpty()) {
            answer(resp, HttpServletResponse.SC_FORBIDDEN, error("This upload is not open any more: reload the page "
                    + "and choose the files again."));
            return;
        }
        String name = name(req.getHeader(NAME));
        if (name == null) {
            answer(resp, HttpServletResponse.SC_BAD_REQUEST, error("The file's name is missing (" + NAME + ")."));
            return;
        }
        UploadReceiver receiver;
        try {
            receiver = session.get().receiver();
        } catch (EJBAccessException e) {
            answer(resp, HttpServletResponse.SC_FORBIDDEN, error("You may not upload files."));
            return;
        } catch (EJBException e) {
            // the upload session ended (timeout) or no slot was chosen on the page
            answer(resp, HttpServletResponse.SC_FORBIDDEN, error("This upload is not open any more: reload the page "
                    + "and choose the files again."));
            return;
        }
        InputStream in = req.getInputStream();
        try {
            int files = receiver.receive(name, in);
            answer(resp, HttpServletResponse.SC_OK, Json.createObjectBuilder().add("files", files).build());
        } catch (UploadFailedException e) {
            drain(in);
            answer(resp, 422, error(e.getMessage()));
        }
    }

    /** @return the decoded name, or null when there is none */
    private static String name(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            String name = URLDecoder.decode(header.replace("+", "%2B"), StandardCharsets.UTF_8);
            return name.isBlank() ? null : name;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Reads what is left of a refused file's body (up to a limit), so that the answer is not lost to a reset. */
    private static void drain(InputStream in) {
        try {
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            int n;
            while (read < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
                read += n;
            }
        } catch (IOException e) {
            // the browser stopped sending (cancelled): there is nobody to answer
        }
    }

    private static JsonObject error(String message) {
        return Json.createObjectBuilder().add("error", message).build();
    }

    private static void answer(HttpServletResponse resp, int status, JsonObject body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body.toString());
    }
}
