package org.rpb.pacs.core.net.dicomweb;

import org.rpb.pacs.core.dict.Tags;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.FindMatch;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.InstanceCheck;
import org.rpb.pacs.core.net.Operation;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.Part10Meta;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.net.StoreResult;

/**
 * DICOMweb client (QIDO-RS, WADO-RS, STOW-RS) on the JDK {@link HttpClient} and Jakarta JSON-P.
 * Obtain one from {@code DicomNetwork.dicomWeb(node)}. Thread-safe.
 *
 * <p>HTTP failures become {@link DicomNetworkException}s whose status is the HTTP status code and
 * whose message names the URL (without query parameters, which may hold patient data) and the operation.
 */
public final class DicomWebClient {
    private static final String DICOM = "application/dicom";

    private final PacsNode node;
    private final URI base;
    private final HttpClient http;
    /** The Authorization header sent with every request, or null. */
    private final String authorization;

    /**
     * @param node a node with a DICOMweb base URL
     * @throws IllegalArgumentException if the node has none
     */
    public DicomWebClient(PacsNode node) {
        this.node = node;
        URI b = node.dicomWeb().orElseThrow(() -> new IllegalArgumentException("node " + node.describe() + " has no DICOMweb URL"));
        String s = b.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        // HTTP/1.1: an h2c upgrade request counts as insecure on a listener marked secure, and is redirected to HTTPS
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(node.connectTimeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.authorization = null;
    }

    private DicomWebClient(DicomWebClient from, String authorization) {
        this.node = from.node;
        this.base = from.base;
        this.http = from.http;
        this.authorization = authorization;
    }

    /**
     * A client that sends HTTP Basic credentials with every request (preemptively: servers that also offer a login
     * form, such as the RPB module, do not challenge). Use it over TLS only, or on loopback.
     *
     * @param user     the user name
     * @param password the password
     * @return a new client; this one is unchanged
     */
    public DicomWebClient withBasicAuthentication(String user, String password) {
        String token = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new DicomWebClient(this, "Basic " + token);
    }

    /** A request builder with the credentials, if any. */
    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    /** @return the service root */
    public URI baseUrl() {
        return base;
    }

    /**
     * QIDO-RS search for studies.
     *
     * @param query a STUDY-level query; empty values become {@code includefield}
     * @return the matches
     * @throws DicomNetworkException on HTTP or connection failure
     */
    public List<FindMatch> searchStudies(FindQuery query) throws DicomNetworkException {
        requireLevel(query, QueryLevel.STUDY);
        return search("/studies", query);
    }

    /**
     * QIDO-RS search for series (of one study if the query has a Study Instance UID).
     *
     * @param query a SERIES-level query
     * @return the matches
     * @throws DicomNetworkException on HTTP or connection failure
     */
    public List<FindMatch> searchSeries(FindQuery query) throws DicomNetworkException {
        requireLevel(query, QueryLevel.SERIES);
        String study = query.value(Tags.StudyInstanceUID.value());
        if (study != null && !study.isEmpty() && !study.contains("\\") && !study.contains("*")) {
            FindQuery rest = query.toBuilder().key(Tags.StudyInstanceUID.value(), "").build();
            List<FindMatch> found = search("/studies/" + study + "/series", rest);
            List<FindMatch> out = new ArrayList<>();
            for (FindMatch m : found) {
                Map<Integer, String> v = new LinkedHashMap<>(m.values());
                v.putIfAbsent(Tags.StudyInstanceUID.value(), study);
                if (v.get(Tags.StudyInstanceUID.value()).isEmpty()) {
                    v.put(Tags.StudyInstanceUID.value(), study);
                }
                out.add(new FindMatch(QueryLevel.SERIES, v));
            }
            return out;
        }
        return search("/series", query);
    }

    /**
     * QIDO-RS search for instances.
     *
     * @param query an IMAGE-level query
     * @return the matches
     * @throws DicomNetworkException on HTTP or connection failure
     */
    public List<FindMatch> searchInstances(FindQuery query) throws DicomNetworkException {
        requireLevel(query, QueryLevel.IMAGE);
        return search("/instances", query);
    }

    private List<FindMatch> search(String path, FindQuery query) throws DicomNetworkException {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<Integer, String> e : query.keys().entrySet()) {
            String tag = String.format("%08X", e.getKey());
            q.append(q.length() == 0 ? "?" : "&");
            if (e.getValue().isEmpty()) {
                q.append("includefield=").append(tag);
            } else {
                q.append(tag).append('=').append(URLEncoder.encode(e.getValue().replace('\\', ','), StandardCharsets.UTF_8));
            }
        }
        URI uri = URI.create(base + path + q);
        HttpRequest rq = request(uri).timeout(node.responseTimeout()).header("Accept", "application/dicom+json").GET().build();
        HttpResponse<InputStream> rsp = send(rq, Operation.QIDO, base + path);
        try (InputStream in = rsp.body()) {
            if (rsp.statusCode() == 204) {
                return List.of();
            }
            List<FindMatch> out = new ArrayList<>();
            byte[] body = in.readAllBytes();
            if (body.length == 0) {
                return out;
            }
            try (JsonReader r = Json.createReader(new ByteArrayInputStream(body))) {
                for (JsonValue v : r.readArray()) {
                    out.add(new FindMatch(query.level(), DicomJson.toStrings(v.asJsonObject())));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new DicomNetworkException(base + path, Operation.QIDO, DicomStatus.NONE, "bad QIDO-RS response: " + e.getMessage(), e);
        }
    }

    /**
     * WADO-RS retrieve of a study into a folder, one checked Part 10 file per instance, named by
     * SOP Instance UID. The multipart response is streamed to disk part by part.
     *
     * @param studyInstanceUid the study
     * @param folder           the target folder (created if needed)
     * @return the files written
     * @throws DicomNetworkException on HTTP or connection failure or a damaged part
     */
    public List<Path> retrieveStudy(String studyInstanceUid, Path folder) throws DicomNetworkException {
        return retrieve("/studies/" + studyInstanceUid, folder);
    }

    /**
     * WADO-RS retrieve of a series into a folder.
     *
     * @param studyInstanceUid  the study
     * @param seriesInstanceUid the series
     * @param folder            the target folder
     * @return the files written
     * @throws DicomNetworkException on failure
     */
    public List<Path> retrieveSeries(String studyInstanceUid, String seriesInstanceUid, Path folder) throws DicomNetworkException {
        return retrieve("/studies/" + studyInstanceUid + "/series/" + seriesInstanceUid, folder);
    }

    private List<Path> retrieve(String path, Path folder) throws DicomNetworkException {
        String where = base + path;
        HttpRequest rq = request(URI.create(where)).timeout(node.responseTimeout())
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*").GET().build();
        HttpResponse<InputStream> rsp = send(rq, Operation.WADO, where);
        String ct = rsp.headers().firstValue("Content-Type").orElse("");
        String boundary = MultipartReader.parameter(ct, "boundary");
        List<Path> files = new ArrayList<>();
        Path incoming = null;
        try (InputStream in = rsp.body()) {
            if (boundary == null) {
                throw new IOException("response is not multipart/related (Content-Type '" + ct + "')");
            }
            Files.createDirectories(folder);
            incoming = Files.createTempDirectory(folder, ".wado-");
            MultipartReader reader = new MultipartReader(in, boundary);
            Path dir = incoming;
            Path[] current = new Path[1];
            while (reader.next(headers -> {
                current[0] = dir.resolve(UUID.randomUUID() + ".part");
                return Files.newOutputStream(current[0]);
            })) {
                InstanceCheck.Header h = InstanceCheck.check(current[0]);
                Path target = folder.resolve(InstanceCheck.fileName(h.sopInstanceUid()));
                moveAtomically(current[0], target);
                files.add(target);
            }
            return files;
        } catch (IOException e) {
            throw new DicomNetworkException(where, Operation.WADO, DicomStatus.NONE,
                    "retrieve failed after " + files.size() + " complete instances: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(incoming); // temporary names are never taken for complete files
        }
    }

    /**
     * STOW-RS of Part 10 files, streamed as one multipart/related request.
     *
     * @param files the files
     * @return one outcome per file (status 0 stored, 0xC000 failed, NONE not sent)
     * @throws DicomNetworkException on HTTP or connection failure of the whole request
     */
    public StoreResult store(Collection<Path> files) throws DicomNetworkException {
        String where = base + "/studies";
        String boundary = "rpb-" + UUID.randomUUID();
        List<Path> list = new ArrayList<>(files);
        List<String> uids = new ArrayList<>();
        List<StoreResult.Instance> notSent = new ArrayList<>();
        List<Path> toSend = new ArrayList<>();
        for (Path f : list) {
            try {
                String metaUid = Part10Meta.read(f).sopInstanceUid();
                uids.add(dataSetUid(f, metaUid));
                toSend.add(f);
            } catch (IOException e) {
                notSent.add(new StoreResult.Instance(f, "", DicomStatus.NONE, "not sent: " + e.getMessage()));
            }
        }
        if (toSend.isEmpty()) {
            return new StoreResult(where, notSent);
        }
        HttpRequest rq = request(URI.create(where)).timeout(node.responseTimeout())
                .header("Content-Type", "multipart/related; type=\"" + DICOM + "\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> multipartBody(toSend, boundary))).build();
        HttpResponse<InputStream> rsp = exchange(rq, Operation.STOW, where);
        Map<String, Integer> failed = new HashMap<>();
        List<String> stored = new ArrayList<>();
        int sc = rsp.statusCode();
        try (InputStream in = rsp.body()) {
            byte[] body = in.readAllBytes();
            if (sc >= 300 && !isStoreResponse(body, sc)) {
                String detail = new String(body, 0, Math.min(300, body.length), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
                throw new DicomNetworkException(where, Operation.STOW, sc, "HTTP " + sc + httpReason(sc)
                        + (detail.isEmpty() ? "" : " (" + detail + ")"), null);
            }
            // 400 and 409 may carry the store response too (PS3.18 10.5.3): some or all instances failed
            if (body.length > 0) {
                try (JsonReader r = Json.createReader(new ByteArrayInputStream(body))) {
                    JsonObject o = r.readObject();
                    for (JsonObject item : DicomJson.items(o, "00081199")) {
                        stored.add(DicomJson.first(item, "00081155"));
                    }
                    for (JsonObject item : DicomJson.items(o, "00081198")) {
                        String reason = DicomJson.first(item, "00081197");
                        failed.put(DicomJson.first(item, "00081155"), reason.isEmpty() ? 0xC000 : Integer.parseInt(reason));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new DicomNetworkException(where, Operation.STOW, rsp.statusCode(), "bad STOW-RS response: " + e.getMessage(), e);
        }
        List<StoreResult.Instance> out = new ArrayList<>(notSent);
        for (int i = 0; i < toSend.size(); i++) {
            String uid = uids.get(i);
            if (failed.containsKey(uid)) {
                out.add(new StoreResult.Instance(toSend.get(i), uid, failed.get(uid), "STOW-RS failure reason " + failed.get(uid)));
            } else if (stored.contains(uid) || (stored.isEmpty() && sc == 200)) {
                out.add(new StoreResult.Instance(toSend.get(i), uid, DicomStatus.SUCCESS, ""));
            } else {
                out.add(new StoreResult.Instance(toSend.get(i), uid, 0xC000, "not listed as stored in the STOW-RS response"));
            }
        }
        return new StoreResult(where, out);
    }

    /** @return true for a 400/409 whose body is a DICOM JSON store response (referenced or failed SOP sequence) */
    private static boolean isStoreResponse(byte[] body, int sc) {
        if ((sc != 400 && sc != 409) || body.length == 0) {
            return false;
        }
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(body))) {
            JsonObject o = r.readObject();
            return o.containsKey("00081199") || o.containsKey("00081198");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The SOP Instance UID the server will report: the data set's, which a few files contradict in
     * their meta information; the meta information's if the data set cannot be read (the server
     * then says what it makes of the file).
     */
    private static String dataSetUid(Path f, String metaUid) {
        try {
            String uid = org.rpb.pacs.core.net.InstanceCheck.check(f).sopInstanceUid();
            return uid.isEmpty() ? metaUid : uid;
        } catch (IOException e) {
            return metaUid;
        }
    }

    /** A fresh stream of the multipart body each time (the client may send a request twice). */
    private static InputStream multipartBody(List<Path> files, String boundary) {
        Iterator<Path> it = files.iterator();
        Enumeration<InputStream> parts = new Enumeration<>() {
            private int step;
            private Path next;

            @Override
            public boolean hasMoreElements() {
                return step < 2 * files.size() + 1;
            }

            @Override
            public InputStream nextElement() {
                int s = step++;
                if (s == 2 * files.size()) {
                    return new ByteArrayInputStream(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                if (s % 2 == 0) {
                    next = it.next();
                    String head = (s == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + DICOM + "\r\n\r\n";
                    return new ByteArrayInputStream(head.getBytes(StandardCharsets.US_ASCII));
                }
                try {
                    return Files.newInputStream(next);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return new SequenceInputStream(parts);
    }

    private HttpResponse<InputStream> send(HttpRequest rq, Operation op, String where) throws DicomNetworkException {
        return requireSuccess(exchange(rq, op, where), op, where);
    }

    /** Sends the request; any HTTP status is returned. */
    private HttpResponse<InputStream> exchange(HttpRequest rq, Operation op, String where) throws DicomNetworkException {
        HttpResponse<InputStream> rsp;
        try {
            try {
                rsp = http.send(rq, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                // a pooled keep-alive connection the server had just closed: the request never reached
                // it, so sending it once more on a new connection is safe (STOW stores are idempotent)
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                rsp = http.send(rq, HttpResponse.BodyHandlers.ofInputStream());
            }
        } catch (HttpTimeoutException e) {
            throw new DicomNetworkException(where, op, DicomStatus.NONE, "no response within " + node.responseTimeout().toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new DicomNetworkException(where, op, DicomStatus.NONE, "cannot connect", e);
        } catch (IOException | UncheckedIOException e) {
            throw new DicomNetworkException(where, op, DicomStatus.NONE, "HTTP exchange failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DicomNetworkException(where, op, DicomStatus.NONE, "interrupted", e);
        }
        return rsp;
    }

    private static HttpResponse<InputStream> requireSuccess(HttpResponse<InputStream> rsp, Operation op, String where)
            throws DicomNetworkException {
        int sc = rsp.statusCode();
        if (sc >= 300) {
            String detail;
            try (InputStream in = rsp.body()) {
                detail = new String(in.readNBytes(300), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            } catch (IOException e) {
                detail = "";
            }
            throw new DicomNetworkException(where, op, sc, "HTTP " + sc + httpReason(sc)
                    + (detail.isEmpty() ? "" : " (" + detail + ")"), null);
        }
        return rsp;
    }

    private static String httpReason(int sc) {
        switch (sc) {
            case 400: return " Bad Request";
            case 401: return " Unauthorized";
            case 403: return " Forbidden";
            case 404: return " Not Found";
            case 406: return " Not Acceptable";
            case 409: return " Conflict";
            case 415: return " Unsupported Media Type";
            case 500: return " Internal Server Error";
            case 503: return " Service Unavailable";
            default: return "";
        }
    }

    private static void requireLevel(FindQuery q, QueryLevel level) {
        if (q.level() != level) {
            throw new IllegalArgumentException("query level is " + q.level() + ", expected " + level);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public String toString() {
        return "DicomWebClient[" + base + "]";
    }

}
