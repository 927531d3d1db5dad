package org.rpb.pacs.web.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * HTTP GETs to the research PACS' DICOMweb service, with bodies as streams so that responses are passed on while
 * they arrive. One HTTP client (its connection pool) per application.
 */
@ApplicationScoped
public class ResearchDicomWeb {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @param uri    the research URL
     * @param accept the Accept header to send
     * @return the response; its body must be closed
     * @throws IOException when the research PACS cannot be reached
     */
    public HttpResponse<InputStream> get(URI uri, String accept) throws IOException {
        HttpRequest rq = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).header("Accept", accept).GET().build();
        try {
            try {
                return http.send(rq, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException stale) {
                // a pooled keep-alive connection the server had closed: the GET never arrived, send it again
                return http.send(rq, HttpResponse.BodyHandlers.ofInputStream());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the research PACS", e);
        }
    }
}
