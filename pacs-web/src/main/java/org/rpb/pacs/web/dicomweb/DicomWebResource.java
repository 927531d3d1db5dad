package org.rpb.pacs.web.dicomweb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import org.rpb.pacs.dicomweb.DicomWebAccessService;
import org.rpb.pacs.dicomweb.DicomWebScope;
import org.rpb.pacs.dicomweb.RetrieveKind;
import org.rpb.pacs.dicomweb.ScopedStudy;
import org.rpb.pacs.record.NotInScopeException;

/**
 * The DICOMweb service of the recorded studies (PS3.18 QIDO-RS and WADO-RS, rendered and thumbnail resources).
 *
 * <p>Scope: the caller's active study and site; or an explicit one open to the caller, either as query parameters
 * {@code study} and {@code site} or as the path prefix {@code scope/<study>/<site>/} (which DICOMweb clients keep in
 * their base URL; URLs in responses use it). Roles and audit: {@link DicomWebAccessService}. Anything outside the
 * scope answers 404, like a UID that does not exist.
 *
 * <p>Everything is proxied from the research PACS' DICOMweb service and streamed: instances, frames and bulk data
 * pass through while they arrive; a whole study is joined from its recorded series part by part. Only metadata and
 * QIDO answers (no pixel data) are read whole, to put the module's URLs in place of the research PACS' ones.
 */
@Path("")
public class DicomWebResource {

    /** The optional explicit scope in front of every path. */
    private static final String SCOPE = "{scope: (?:scope/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/)?}";
    private static final String STUDY = "studies/{study: [0-9]+(?:\\.[0-9]+)*}";
    private static final String SERIES = STUDY + "/series/{series: [0-9]+(?:\\.[0-9]+)*}";
    private static final String INSTANCE = SERIES + "/instances/{instance: [0-9]+(?:\\.[0-9]+)*}";
    private static final String DICOM_JSON = "application/dicom+json";
    private static final String MULTIPART_DICOM = "multipart/related; type=\"application/dicom\"";
    private static final String MULTIPART_OCTETS = "multipart/related; type=\"application/octet-stream\"";
    /** Query parameters the service answers itself rather than passing them on. */
    private static final Set<String> OWN_PARAMETERS = Set.of("study", "site", "limit", "offset");
    private static final Set<String> STUDY_UID_KEYS = Set.of("StudyInstanceUID", "0020000D");
    private static final Set<String> SERIES_UID_KEYS = Set.of("SeriesInstanceUID", "0020000E");

    @EJB
    private DicomWebAccessService access;

    @Inject
    private ResearchDicomWeb research;

    @Context
    private UriInfo uri;

    @PathParam("scope")
    private String scopePath;

    @QueryParam("study")
    private String studyParam;

    @QueryParam("site")
    private String siteParam;

    // ---------------------------------------------------------------- QIDO-RS

    /** QIDO-RS: the recorded studies of the scope that match. */
    @GET
    @Path(SCOPE + "studies")
    public Response searchStudies() {
        return search(null, null, Level.STUDY);
    }

    /** QIDO-RS: the recorded series of the scope that match. */
    @GET
    @Path(SCOPE + "series")
    public Response searchAllSeries() {
        return search(null, null, Level.SERIES);
    }

    /** QIDO-RS: the recorded series of a study that match. */
    @GET
    @Path(SCOPE + STUDY + "/series")
    public Response searchSeries(@PathParam("study") String study) {
        return search(study, null, Level.SERIES);
    }

    /** QIDO-RS: the instances of the recorded series of the scope that match. */
    @GET
    @Path(SCOPE + "instances")
    public Response searchAllInstances() {
        return search(null, null, Level.INSTANCE);
    }

    /** QIDO-RS: the instances of the recorded series of a study that match. */
    @GET
    @Path(SCOPE + STUDY + "/instances")
    public Response searchStudyInstances(@PathParam("study") String study) {
        return search(study, null, Level.INSTANCE);
    }

    /** QIDO-RS: the instances of a recorded series that match. */
    @GET
    @Path(SCOPE + SERIES + "/instances")
    public Response searchInstances(@PathParam("study") String study, @PathParam("series") String series) {
        return search(study, series, Level.INSTANCE);
    }

    // ---------------------------------------------------------------- WADO-RS

    /** WADO-RS: a whole study (its recorded series, one after another). */
    @GET
    @Path(SCOPE + STUDY)
    public Response study(@PathParam("study") String study, @HeaderParam("Accept") String accept) {
        DicomWebScope scope;
        try {
            scope = access.retrieve(explicitStudy(), explicitSite(), RetrieveKind.INSTANCES, study, null, null);
        } catch (NotInScopeException | EJBAccessException e) {
            return notFound();
        }
        String wanted = accept(accept, "multipart/related", MULTIPART_DICOM);
        List<String> series = List.copyOf(scope.study(study).orElseThrow().seriesUids());
        try {
            // the first series that answers decides the response; a recorded series the PACS lost is left out
            int i = 0;
            ResearchDicomWeb.Upstream first = null;
            for (; i < series.size() && first == null; i++) {
                ResearchDicomWeb.Upstream r = research.get(seriesUrl(scope, study, series.get(i), ""), wanted);
                if (r.status() == 200) {
                    first = r;
                } else {
                    r.body().close();
                    if (r.status() != 404) {
                        return upstreamFailed(r.status());
                    }
                }
            }
            if (first == null) {
                return notFound();
            }
            String type = first.header("Content-Type").orElse(MULTIPART_DICOM);
            String boundary = "rpb-" + UUID.randomUUID();
            String ourType = type.replaceAll("(?i);\\s*boundary=(\"[^\"]*\"|[^;]*)", "") + "; boundary=" + boundary;
            List<String> rest = series.subList(i, series.size());
            ResearchDicomWeb.Upstream head = first;
            StreamingOutput body = out -> {
                writeParts(head, boundary, out);
                for (String s : rest) {
                    ResearchDicomWeb.Upstream r = research.get(seriesUrl(scope, study, s, ""), wanted);
                    if (r.status() == 200) {
                        writeParts(r, boundary, out);
                    } else {
                        r.body().close();
                    }
                }
                out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            };
            return Response.ok(body).type(ourType).build();
        } catch (IOException e) {
            return upstreamFailed(0);
        }
    }

    /** WADO-RS: the metadata of a whole study (of its recorded series). */
    @GET
    @Path(SCOPE + STUDY + "/metadata")
    public Response studyMetadata(@PathParam("study") String study) {
        DicomWebScope scope;
        try {
            scope = access.retrieve(explicitStudy(), explicitSite(), RetrieveKind.METADATA, study, null, null);
        } catch (NotInScopeException | EJBAccessException e) {
            return notFound();
        }
        StringBuilder joined = new StringBuilder("[");
        try {
            for (String s : scope.study(study).orElseThrow().seriesUids()) {
                ResearchDicomWeb.Upstream r = research.get(seriesUrl(scope, study, s, "/metadata"), DICOM_JSON);
                try (InputStream in = r.body()) {
                    if (r.status() == 404) {
                        continue;
                    }
                    if (r.status() != 200) {
                        return upstreamFailed(r.status());
                    }
                    String array = rewrite(scope, new String(in.readAllBytes(), StandardCharsets.UTF_8)).trim();
                    String inner = array.substring(1, array.length() - 1).trim();
                    if (!inner.isEmpty()) {
                        joined.append(joined.length() > 1 ? "," : "").append(inner);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return upstreamFailed(0);
        }
        if (joined.length() == 1) {
            return notFound();
        }
        return Response.ok(joined.append(']').toString()).type(DICOM_JSON).build();
    }

    /** WADO-RS: a series. */
    @GET
    @Path(SCOPE + SERIES)
    public Response series(@PathParam("study") String study, @PathParam("series") String series,
            @HeaderParam("Accept") String accept) {
        return pass(RetrieveKind.INSTANCES, study, series, null, "", accept(accept, "multipart/related", MULTIPART_DICOM));
    }

    /** WADO-RS: the metadata of a series. */
    @GET
    @Path(SCOPE + SERIES + "/metadata")
    public Response seriesMetadata(@PathParam("study") String study, @PathParam("series") String series) {
        return pass(RetrieveKind.METADATA, study, series, null, "/metadata", DICOM_JSON);
    }

    /** A rendered image of a series (its first instance, as the research PACS renders it). */
    @GET
    @Path(SCOPE + SERIES + "/rendered")
    public Response seriesRendered(@PathParam("study") String study, @PathParam("series") String series,
            @HeaderParam("Accept") String accept) {
        return pass(RetrieveKind.RENDERED, study, series, null, "/rendered" + renderQuery(false), image(accept));
    }

    /** A thumbnail of a series. */
    @GET
    @Path(SCOPE + SERIES + "/thumbnail")
    public Response seriesThumbnail(@PathParam("study") String study, @PathParam("series") String series,
            @HeaderParam("Accept") String accept) {
        return pass(RetrieveKind.THUMBNAIL, study, series, null, "/rendered" + renderQuery(true), image(accept));
    }

    /** WADO-RS: an instance. */
    @GET
    @Path(SCOPE + INSTANCE)
    public Response instance(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @HeaderParam("Accept") String accept) {
        return pass(RetrieveKind.INSTANCES, study, series, instance, "",
                accept(accept, "multipart/related", MULTIPART_DICOM));
    }

    /** WADO-RS: the metadata of an instance. */
    @GET
    @Path(SCOPE + INSTANCE + "/metadata")
    public Response instanceMetadata(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance) {
        return pass(RetrieveKind.METADATA, study, series, instance, "/metadata", DICOM_JSON);
    }

    /** A rendered image of an instance. */
    @GET
    @Path(SCOPE + INSTANCE + "/rendered")
    public Response instanceRendered(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @HeaderParam("Accept") String accept) {
        return pass(RetrieveKind.RENDERED, study, series, instance, "/rendered" + renderQuery(false), image(accept));
    }

    /** A thumbnail of an instance. */
    @GET
    @Path(SCOPE + INSTANCE + "/thumbnail")
    public Response instanceThumbnail(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @HeaderParam("Accept") String accept) {
        return pass(RetrieveKind.THUMBNAIL, study, series, instance, "/rendered" + renderQuery(true), image(accept));
    }

    /** WADO-RS: frames of an instance (pixel data). */
    @GET
    @Path(SCOPE + INSTANCE + "/frames/{frames: [0-9]+(?:,[0-9]+)*}")
    public Response frames(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @PathParam("frames") String frames,
            @HeaderParam("Accept") String accept) {
        return pass(RetrieveKind.FRAMES, study, series, instance, "/frames/" + frames,
                accept(accept, "multipart/related", MULTIPART_OCTETS));
    }

    /** A rendered frame. */
    @GET
    @Path(SCOPE + INSTANCE + "/frames/{frames: [0-9]+(?:,[0-9]+)*}/rendered")
    public Response frameRendered(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @PathParam("frames") String frames,
            @HeaderParam("Accept") String accept) {
        return pass(RetrieveKind.RENDERED, study, series, instance, "/frames/" + frames + "/rendered"
                + renderQuery(false), image(accept));
    }

    /** WADO-RS: bulk data of an instance, at the BulkDataURI its metadata gave. */
    @GET
    @Path(SCOPE + INSTANCE + "/bulk/{tags: [0-9A-Fa-f]{8}(?:/[0-9]+/[0-9A-Fa-f]{8})*}")
    public Response bulk(@PathParam("study") String study, @PathParam("series") String series,
            @PathParam("instance") String instance, @PathParam("tags") String tags,
            @HeaderParam("Accept") String accept) {
        return pass(RetrieveKind.BULKDATA, study, series, instance, "/bulk/" + tags,
                accept(accept, "multipart/related", MULTIPART_OCTETS));
    }

    // ---------------------------------------------------------------- proxying

    /** Checks and audits a retrieve, then passes the research PACS' answer through while it arrives. */
    private Response pass(RetrieveKind kind, String study, String series, String instance, String suffix,
            String accept) {
        DicomWebScope scope;
        try {
            scope = access.retrieve(explicitStudy(), explicitSite(), kind, study, series, instance);
        } catch (NotInScopeException | EJBAccessException e) {
            return notFound();
        }
        String path = "/studies/" + study + "/series/" + series + (instance == null ? "" : "/instances/" + instance);
        ResearchDicomWeb.Upstream r;
        try {
            r = research.get(URI.create(scope.researchUrl() + path + suffix), accept);
        } catch (IOException e) {
            return upstreamFailed(0);
        }
        if (r.status() != 200) {
            close(r);
            return r.status() == 404 ? notFound() : upstreamFailed(r.status());
        }
        String type = r.header("Content-Type").orElse("application/octet-stream");
        if (kind == RetrieveKind.METADATA) {
            try (InputStream in = r.body()) {
                return Response.ok(rewrite(scope, new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                        .type(DICOM_JSON).build();
            } catch (IOException e) {
                return upstreamFailed(0);
            }
        }
        StreamingOutput body = out -> copy(r.body(), out);
        Response.ResponseBuilder b = Response.ok(body).type(type);
        r.header("Content-Length").ifPresent(n -> b.header("Content-Length", n));
        return b.build();
    }

    private static void copy(InputStream body, OutputStream out) throws IOException {
        try (InputStream in = body) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        }
    }

    /** Copies the parts of one multipart answer into the joined response, each under the joined boundary. */
    private static void writeParts(ResearchDicomWeb.Upstream r, String boundary, OutputStream out) throws IOException {
        String b = MultipartParts.boundary(r.header("Content-Type").orElse(""));
        try (InputStream in = r.body()) {
            if (b == null) {
                throw new IOException("the research PACS answered without a multipart boundary");
            }
            MultipartParts parts = new MultipartParts(in, b);
            while (parts.next(type -> {
                out.write(("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                return out;
            })) {
                // each part is copied as it arrives
            }
        }
    }

    private URI seriesUrl(DicomWebScope scope, String study, String series, String suffix) {
        return URI.create(scope.researchUrl() + "/studies/" + study + "/series/" + series + suffix);
    }

    /** The research PACS' URLs in an answer, made the module's (with the explicit scope as a path prefix). */
    private String rewrite(DicomWebScope scope, String json) {
        return json.replace(scope.researchUrl() + "/", publicBase());
    }

    private String publicBase() {
        String base = uri.getBaseUri().toString();
        base = base.endsWith("/") ? base : base + "/";
        String s = explicitStudy();
        return s == null ? base : base + "scope/" + s + "/" + explicitSite() + "/";
    }

    // ---------------------------------------------------------------- QIDO-RS

    private enum Level { STUDY, SERIES, INSTANCE }

    private Response search(String study, String series, Level level) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        int limit;
        int offset;
        try {
            limit = intParameter(q, "limit", Integer.MAX_VALUE);
            offset = intParameter(q, "offset", 0);
        } catch (IllegalArgumentException e) {
            return Response.status(400).type("text/plain").entity(e.getMessage()).build();
        }
        DicomWebScope scope;
        try {
            scope = access.scope(explicitStudy(), explicitSite());
        } catch (NotInScopeException | EJBAccessException e) {
            return notFound();
        }
        if (study != null && scope.study(study).isEmpty() || series != null && !scope.hasSeries(study, series)) {
            return notFound();
        }
        Set<String> studyFilter = uidFilter(q, STUDY_UID_KEYS);
        Set<String> seriesFilter = uidFilter(q, SERIES_UID_KEYS);
        List<JsonObject> found = new ArrayList<>();
        try {
            for (ScopedStudy s : scope.studies()) {
                if (study != null && !study.equals(s.studyInstanceUid())
                        || studyFilter != null && !studyFilter.contains(s.studyInstanceUid())) {
                    continue;
                }
                switch (level) {
                    case STUDY -> found.addAll(query(scope, "/studies", forward(q, Set.of())
                            + "&StudyInstanceUID=" + s.studyInstanceUid(), null));
                    case SERIES -> found.addAll(query(scope, "/studies/" + s.studyInstanceUid() + "/series",
                            forward(q, SERIES_UID_KEYS), uids(s.seriesUids(), seriesFilter)));
                    case INSTANCE -> {
                        for (String se : s.seriesUids()) {
                            if (series != null && !series.equals(se) || seriesFilter != null && !seriesFilter.contains(se)) {
                                continue;
                            }
                            found.addAll(query(scope, "/studies/" + s.studyInstanceUid() + "/series/" + se
                                    + "/instances", forward(q, SERIES_UID_KEYS), null));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return upstreamFailed(0);
        }
        JsonArrayBuilder out = Json.createArrayBuilder();
        found.stream().skip(offset).limit(limit).forEach(out::add);
        return Response.ok(out.build().toString()).type(DICOM_JSON).build();
    }

    /** One QIDO-RS call to the research PACS; with {@code seriesUids}, only matches of those series are kept. */
    private List<JsonObject> query(DicomWebScope scope, String path, String query, Set<String> seriesUids)
            throws IOException {
        String qs = query.isEmpty() ? "" : "?" + (query.startsWith("&") ? query.substring(1) : query);
        ResearchDicomWeb.Upstream r = research.get(URI.create(scope.researchUrl() + path + qs), DICOM_JSON);
        String text;
        try (InputStream in = r.body()) {
            if (r.status() == 204 || r.status() == 404) {
                return List.of();
            }
            if (r.status() != 200) {
                throw new IOException("QIDO-RS of the research PACS answered HTTP " + r.status());
            }
            text = rewrite(scope, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        if (text.isBlank()) {
            return List.of();
        }
        List<JsonObject> out = new ArrayList<>();
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonArray a = reader.readArray();
            for (JsonValue v : a) {
                JsonObject o = v.asJsonObject();
                if (seriesUids == null || seriesUids.contains(firstValue(o, "0020000E"))) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    private static String firstValue(JsonObject o, String tag) {
        JsonObject a = o.getJsonObject(tag);
        if (a == null || !a.containsKey("Value") || a.getJsonArray("Value").isEmpty()) {
            return "";
        }
        return a.getJsonArray("Value").getString(0, "");
    }

    /** The client's query parameters the research PACS should see, URL-encoded, each starting with '&'. */
    private static String forward(MultivaluedMap<String, String> q, Set<String> alsoLeaveOut) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            String k = e.getKey();
            if (OWN_PARAMETERS.contains(k) || STUDY_UID_KEYS.contains(k) || alsoLeaveOut.contains(k)) {
                continue;
            }
            for (String v : e.getValue()) {
                b.append('&').append(encode(k)).append('=').append(encode(v));
            }
        }
        return b.toString();
    }

    /** URL-encodes a query value but keeps commas (lists), which Orthanc does not decode. */
    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("%2C", ",");
    }

    /** The UIDs a query asks for (a list separated by commas or backslashes), or null for any. */
    private static Set<String> uidFilter(MultivaluedMap<String, String> q, Set<String> keys) {
        for (String k : keys) {
            List<String> v = q.get(k);
            if (v != null && !v.isEmpty()) {
                return Set.copyOf(v.stream().flatMap(x -> Arrays.stream(x.split("[,\\\\]")))
                        .map(String::trim).filter(x -> !x.isEmpty()).toList());
            }
        }
        return null;
    }

    private static Set<String> uids(Set<String> recorded, Set<String> filter) {
        return filter == null ? recorded
                : Set.copyOf(recorded.stream().filter(filter::contains).toList());
    }

    private static int intParameter(MultivaluedMap<String, String> q, String name, int absent) {
        String v = q.getFirst(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the query parameter " + name + " must be a non-negative integer");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The query string for the research PACS' rendered resource; a thumbnail is at most 128 pixels wide. */
    private String renderQuery(boolean thumbnail) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        StringBuilder b = new StringBuilder();
        for (String k : List.of("window", "viewport", "quality")) {
            String v = q.getFirst(k);
            if (v == null && thumbnail && k.equals("viewport")) {
                v = "128,128";
            }
            // numbers and commas only (window=c,w,function has a word too); the research PACS reads them unescaped
            if (v != null && v.matches("[A-Za-z0-9.,-]{1,64}")) {
                b.append(b.length() == 0 ? "?" : "&").append(k).append('=').append(v);
            }
        }
        return b.toString();
    }

    private static String accept(String accept, String prefix, String fallback) {
        if (accept == null) {
            return fallback;
        }
        String a = accept.trim();
        return a.regionMatches(true, 0, prefix, 0, prefix.length()) ? a : fallback;
    }

    private static String image(String accept) {
        return accept != null && accept.contains("image/png") && !accept.contains("image/jpeg") ? "image/png" : "image/jpeg";
    }

    private String explicitStudy() {
        if (scopePath != null && !scopePath.isEmpty()) {
            return scopePath.split("/")[1];
        }
        return blankToNull(studyParam);
    }

    private String explicitSite() {
        if (scopePath != null && !scopePath.isEmpty()) {
            return scopePath.split("/")[2];
        }
        return blankToNull(siteParam);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void close(ResearchDicomWeb.Upstream r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // nothing more to read from it
        }
    }

    private static Response notFound() {
        return Response.status(404).type("text/plain").entity("Not found in the study and site you work in\n").build();
    }

    private static Response upstreamFailed(int status) {
        return Response.status(502).type("text/plain")
                .entity("The research PACS failed" + (status > 0 ? " (HTTP " + status + ")" : "") + "\n").build();
    }
}
