package org.rpb.pacs.web.dicomweb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * HTTP GETs to the research PACS' DICOMweb service, with bodies as streams so that responses are passed on while
 * they arrive. On {@link HttpURLConnection} (which keeps connections alive between requests): its body stream reads
 * the socket through one buffer, where the JDK's {@code java.net.http.HttpClient} hands a body over as a queue of
 * small buffers, which made a 500-instance series about three times slower to pass through (see the README's
 * benchmark).
 */
@ApplicationScoped
public class ResearchDicomWeb {

    /** An answer of the research PACS: status, headers and the body, which the caller must close. */
    public static final class Upstream {
        private final HttpURLConnection connection;
        private final int status;

        Upstream(HttpURLConnection connection) throws IOException {
            this.connection = connection;
            this.status = connection.getResponseCode();
        }

        /** @return the HTTP status */
        public int status() {
            return status;
        }

        /** @return a response header */
        public Optional<String> header(String name) {
            return Optional.ofNullable(connection.getHeaderField(name));
        }

        /** @return the body (an error body for statuses from 400 on; empty if there is none) */
        public InputStream body() throws IOException {
            InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            return in == null ? new ByteArrayInputStream(new byte[0]) : in;
        }
    }

    /**
     * @param uri    the research URL
     * @param accept the Accept header to send
     * @return the response; its body must be closed
     * @throws IOException when the research PACS cannot be reached
     */
    public Upstream get(URI uri, String accept) throws IOException {
        try {
            return open(uri, accept);
        } catch (IOException stale) {
            // a kept-alive connection the server had closed: the GET never arrived, send it again
            return open(uri, accept);
        }
    }

    private static Upstream open(URI uri, String accept) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(600_000);
        c.setInstanceFollowRedirects(false);
        c.setRequestProperty("Accept", accept);
        return new Upstream(c);
    }
}
