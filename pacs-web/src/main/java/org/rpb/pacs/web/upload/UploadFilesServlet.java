package org.rpb.pacs.web.upload;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.rpb.pacs.upload.UploadFailedException;
import org.rpb.pacs.upload.UploadReceiver;
import org.rpb.pacs.upload.UploadSessionBean;

/**
 * {@code POST /upload/files}: a few files of the upload page's upload in one request (no multipart, no Faces
 * lifecycle), each streamed into the upload's working folder as it arrives, so that the upload's caps (total bytes
 * and files, ZIP and deflate bomb limits) stop a file while it is sent. The page's script sends a few such requests
 * at a time.
 * <ul>
 * <li>The header {@value #TOKEN} names the upload: the token the page got from {@link UploadChannels}, which is looked
 * up in the caller's HTTP session only. Without it (or with any other value) the request is refused: a page of
 * another site can neither read the token nor send the header without the server's consent (CORS).</li>
 * <li>The body is one frame per file: the name's length in bytes (2 bytes, big-endian, 1 to {@value #MAX_NAME}), the
 * name in UTF-8 (with the relative path of a chosen folder), the content's length (8 bytes, big-endian) and the
 * content. Names travel in the body only: never in a URL, never logged.</li>
 * </ul>
 * The answer is JSON: {@code {"results": [...]}} with one entry per file, in order: {@code {"files": n}} (the files
 * the upload gained, more than one for a ZIP) or {@code {"error": "..."}} naming the file and what is wrong (nothing of
 * it stays); or {@code {"error": "..."}} alone with 403 (the upload is not open in this session) or 400 (the body is
 * not framed as above). web.xml lets only ROLE_PACS_UPLOAD in ({@code /upload/*}), and the upload session checks the
 * role again.
 */
@WebServlet("/upload/files")
public class UploadFilesServlet extends HttpServlet {

    /** The request header with the upload's token. */
    public static final String TOKEN = "X-Upload-Token";
    /** The longest file name a frame may carry, in bytes. */
    public static final int MAX_NAME = 4096;

    private static final long serialVersionUID = 1L;

    private static final String NOT_OPEN = "This upload is not open any more: reload the page and choose the files "
            + "again.";

    @Inject
    private UploadChannels channels;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<UploadSessionBean> session = channels.find(req.getHeader(TOKEN));
        if (session.isEmpty()) {
            answer(resp, HttpServletResponse.SC_FORBIDDEN, error(NOT_OPEN));
            return;
        }
        UploadReceiver receiver;
        try {
            receiver = session.get().receiver();
        } catch (EJBAccessException e) {
            answer(resp, HttpServletResponse.SC_FORBIDDEN, error("You may not upload files."));
            return;
        } catch (EJBException e) {
            // the upload session ended (timeout) or the page chose no slot
            answer(resp, HttpServletResponse.SC_FORBIDDEN, error(NOT_OPEN));
            return;
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(req.getInputStream(), 64 * 1024));
        JsonArrayBuilder results = Json.createArrayBuilder();
        int first;
        while ((first = in.read()) >= 0) {
            Frame frame;
            try {
                frame = Frame.read(first, in);
            } catch (IOException e) {
                answer(resp, HttpServletResponse.SC_BAD_REQUEST, error("The request is not a framed list of files: "
                        + e.getMessage()));
                return;
            }
            try {
                results.add(Json.createObjectBuilder().add("files", receiver.receive(frame.name, frame)));
            } catch (UploadFailedException e) {
                results.add(error(e.getMessage()));
            }
            try {
                // a refused file's remaining bytes are passed over to reach the next one
                frame.skipRest();
            } catch (IOException e) {
                break; // the body was cut (the page cancelled): what was taken is answered
            }
        }
        answer(resp, HttpServletResponse.SC_OK, Json.createObjectBuilder().add("results", results).build());
    }

    static JsonObject error(String message) {
        return Json.createObjectBuilder().add("error", message).build();
    }

    static void answer(HttpServletResponse resp, int status, JsonObject body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body.toString());
    }

    /** One file of the body: its name, and its content as a stream that ends with it (and fails if the body ends first). */
    private static final class Frame extends InputStream {
        private final String name;
        private final DataInputStream body;
        private long remaining;

        private Frame(String name, DataInputStream body, long size) {
            this.name = name;
            this.body = body;
            this.remaining = size;
        }

        static Frame read(int first, DataInputStream body) throws IOException {
            int length = (first << 8) | body.readUnsignedByte();
            if (length < 1 || length > MAX_NAME) {
                throw new IOException("a file name of " + length + " bytes (1 to " + MAX_NAME + ")");
            }
            String name = new String(body.readNBytes(length), StandardCharsets.UTF_8);
            long size = body.readLong();
            if (size < 0) {
                throw new IOException("a negative file size");
            }
            return new Frame(name, body, size);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = body.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the request ended " + remaining + " bytes before the end of the file");
            }
            remaining -= n;
            return n;
        }

        void skipRest() throws IOException {
            body.skipNBytes(remaining);
            remaining = 0;
        }

        @Override
        public void close() {
            // the request's body goes on with the next file
        }
    }
}
