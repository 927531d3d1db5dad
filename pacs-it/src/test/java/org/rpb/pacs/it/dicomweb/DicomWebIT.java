package org.rpb.pacs.it.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ejb.EJB;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.net.dicomweb.DicomWebClient;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.dicomweb.DicomWebFixture.TestStudy;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.record.StudyRecordService;

/**
 * The module's DICOMweb service with real clients against a real research Orthanc: curl and pydicom, pacs-core's
 * DicomWebClient and Orthanc's DICOMweb plugin (the module as its remote server) retrieve a study of the caller's
 * scope and nothing of another; every endpoint answers 404 for another site's study, a Study0 copy, a study
 * recorded nowhere and mixed UIDs; an explicit scope serves what the caller may access; the plain viewer renders
 * but fetches no instances; retrieves are audited with PID and UIDs.
 */
@ExtendWith(ArquillianExtension.class)
class DicomWebIT {

    @EJB
    private StudyRecordService records;

    @EJB
    private ActiveScopeService scopes;

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(DicomWebIT.class, DicomWebFixture.class, DicomWebFixture.TestStudy.class,
                OrthancServer.class, RtStudyFiles.class);
    }

    @Test
    void curlPydicomDicomWebClientAndOrthancRetrieveTheCallersStudyAndNothingElse() throws Exception {
        Path dir = Files.createTempDirectory("dicomweb-it-");
        try (DicomWebFixture f = new DicomWebFixture(dir, records, scopes)) {
            TestStudy own = f.own;
            String stager = DemoUsers.STAGER;
            int auditBefore = DicomWebFixture.auditedRetrieves(stager, own.uid());

            // curl: QIDO of the scope lists the own study only
            String studies = curl(dir, "/studies?includefield=00081030", null, dir.resolve("studies.json"));
            assertTrue(studies.contains(own.uid()), studies);
            for (TestStudy other : List.of(f.otherSite, f.study0, f.unrecorded)) {
                assertFalse(studies.contains(other.uid()), "QIDO shows a study outside the scope");
            }
            // curl + pydicom: WADO-RS of the CT series, read part by part by pydicom
            curl(dir, "/studies/" + own.uid() + "/series/" + own.ctSeries(), "multipart/related; type=\"application/dicom\"",
                    dir.resolve("ct.multipart"));
            Set<String> read = pydicomSopUids(dir.resolve("ct.multipart"));
            assertEquals(new TreeSet<>(own.series().get(own.ctSeries())), read);

            // the README's standard-library Python example saves every instance of the scope's own study
            Path example = findUp("docs/examples/dicomweb_fetch.py");
            ProcessBuilder py = new ProcessBuilder("/usr/bin/python3", example.toString(), DicomWebFixture.BASE, stager,
                    dir.resolve("python").toString());
            py.environment().put("PACS_PASSWORD", DemoUsers.password(stager));
            Process p = py.redirectErrorStream(true).start();
            String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, printed);
            try (var saved = Files.list(dir.resolve("python"))) {
                assertEquals(own.instances(), saved.count(), printed);
            }
            assertFalse(printed.contains(f.otherSite.uid()), printed);

            // pacs-core's DicomWebClient with Basic authentication
            DicomWebClient client = DicomNetwork.dicomWeb(PacsNode.builder().aeTitle("RPB").host("127.0.0.1").port(104)
                    .dicomWebBaseUrl(URI.create(DicomWebFixture.BASE)).build()).withBasicAuthentication(stager,
                    DemoUsers.password(stager));
            var series = client.searchSeries(FindQuery.builder(QueryLevel.SERIES)
                    .key(Tags.StudyInstanceUID.value(), own.uid()).build());
            assertEquals(own.series().keySet(), Set.copyOf(series.stream()
                    .map(m -> m.get(Tags.SeriesInstanceUID.value())).toList()));
            List<Path> files = client.retrieveStudy(own.uid(), dir.resolve("client-own"));
            assertEquals(own.instances(), files.size());
            DicomNetworkException refused = org.junit.jupiter.api.Assertions.assertThrows(DicomNetworkException.class,
                    () -> client.retrieveStudy(f.otherSite.uid(), dir.resolve("client-other")));
            assertEquals(404, refused.status(), refused.getMessage());

            // Orthanc's DICOMweb plugin with the module as a remote server
            try (OrthancServer orthanc = OrthancServer.startWithDicomWeb("ANALYSIS", dir.resolve("analysis"),
                    "\"rpb\": {\"Url\": \"" + DicomWebFixture.BASE + "/\", \"Username\": \"" + stager
                            + "\", \"Password\": \"" + DemoUsers.password(stager) + "\"}")) {
                HttpResponse<String> r = orthanc.post("/dicom-web/servers/rpb/retrieve",
                        "{\"Resources\": [{\"Study\": \"" + own.uid() + "\"}]}");
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(own.instances(), orthanc.instanceCount());
                assertEquals(List.of(own.uid()), orthanc.studyUids());
                HttpResponse<String> other = orthanc.post("/dicom-web/servers/rpb/retrieve",
                        "{\"Resources\": [{\"Study\": \"" + f.otherSite.uid() + "\"}]}");
                assertNotEquals(200, other.statusCode(), other.body());
                assertEquals(own.instances(), orthanc.instanceCount(), "Orthanc got instances of another site's study");
                // QIDO through the plugin lists the own study only
                HttpResponse<String> found = orthanc.post("/dicom-web/servers/rpb/get", "{\"Uri\": \"/studies\"}");
                assertEquals(200, found.statusCode(), found.body());
                assertTrue(found.body().contains(own.uid()), found.body());
                assertFalse(found.body().contains(f.otherSite.uid()));
            }
            // each retrieve was audited with the PID and the UIDs
            assertTrue(DicomWebFixture.auditedRetrieves(stager, own.uid()) >= auditBefore + 3);
        } finally {
            FileTrees.delete(dir);
        }
    }

    @Test
    void everyEndpointAnswers404OutsideTheScopeAndTheViewerRendersWithoutFetchingInstances() throws Exception {
        Path dir = Files.createTempDirectory("dicomweb-scope-");
        try (DicomWebFixture f = new DicomWebFixture(dir, records, scopes)) {
            String stager = DemoUsers.STAGER;
            TestStudy own = f.own;
            // the own study answers on every endpoint
            for (String path : endpoints(own.uid(), own.ctSeries(), own.ctInstance())) {
                assertEquals(200, f.get(stager, path, null).statusCode(), path);
            }
            // another site's study, a Study0 copy and a study recorded nowhere: 404 everywhere, nothing in QIDO
            for (TestStudy other : List.of(f.otherSite, f.study0, f.unrecorded)) {
                for (String path : endpoints(other.uid(), other.ctSeries(), other.ctInstance())) {
                    assertEquals(404, f.get(stager, path, null).statusCode(), path);
                }
                assertEquals("[]", new String(f.get(stager, "/studies?StudyInstanceUID=" + other.uid(), null).body(),
                        StandardCharsets.UTF_8).trim());
                assertEquals("[]", new String(f.get(stager, "/series?SeriesInstanceUID=" + other.ctSeries(), null)
                        .body(), StandardCharsets.UTF_8).trim());
            }
            // mixed UIDs: the own study with another study's series, the own series with another study's instance
            for (String path : endpoints(own.uid(), f.otherSite.ctSeries(), f.otherSite.ctInstance())) {
                if (path.contains("/series/")) {
                    assertEquals(404, f.get(stager, path, null).statusCode(), path);
                }
            }
            for (String path : endpoints(own.uid(), own.ctSeries(), f.unrecorded.ctInstance())) {
                if (path.contains("/instances/")) {
                    assertEquals(404, f.get(stager, path, null).statusCode(), path);
                }
            }
            // an explicit scope the caller may access (query parameters or path prefix) serves the Study0 copy
            assertEquals(200, f.get(stager, "/studies/" + f.study0.uid() + "/series/" + f.study0.ctSeries()
                    + "/metadata?study=STUDY0&site=DD", null).statusCode());
            HttpResponse<byte[]> scoped = f.get(stager, "/scope/STUDY0/DD/studies/" + f.study0.uid() + "/series/"
                    + f.study0.ctSeries() + "/metadata", null);
            assertEquals(200, scoped.statusCode());
            String metadata = new String(scoped.body(), StandardCharsets.UTF_8);
            Matcher bulk = Pattern.compile("\"BulkDataURI\"\\s*:\\s*\"([^\"]+)\"").matcher(metadata);
            assertTrue(bulk.find(), "no BulkDataURI in the metadata");
            assertTrue(bulk.group(1).startsWith(DicomWebFixture.BASE + "/scope/STUDY0/DD/studies/"), bulk.group(1));
            assertFalse(metadata.contains(f.research.dicomWebUrl().toString()), "the research PACS' URL leaked");
            assertEquals(200, f.get(stager, bulk.group(1), null).statusCode());
            // one the caller may not access is refused like a UID that does not exist
            assertEquals(404, f.get(stager, "/scope/RTTRIAL/MUC/studies?StudyInstanceUID=" + f.otherSite.uid(), null)
                    .statusCode());
            assertEquals(404, f.get(stager, "/studies/" + f.otherSite.uid() + "/series?study=RTTRIAL&site=MUC", null)
                    .statusCode());
            // limit and offset
            assertEquals(2, count(f.get(stager, "/studies/" + own.uid() + "/series?limit=2", null)));
            assertEquals(own.series().size() - 1, count(f.get(stager, "/studies/" + own.uid() + "/series?offset=1",
                    null)));
            assertEquals(400, f.get(stager, "/studies?limit=-1", null).statusCode());
            assertEquals(DicomWebFixture.SLICES, count(f.get(stager, "/studies/" + own.uid() + "/series/"
                    + own.ctSeries() + "/instances", null)));

            // the plain viewer (ROLE_PACS_USER only): queries, metadata, rendered images and thumbnails, no pixels
            String viewer = DemoUsers.VIEWER;
            String series = "/studies/" + own.uid() + "/series/" + own.ctSeries();
            String instance = series + "/instances/" + own.ctInstance();
            for (String path : List.of("/studies", series + "/metadata", series + "/rendered", series + "/thumbnail",
                    instance + "/rendered", instance + "/thumbnail", instance + "/frames/1/rendered")) {
                HttpResponse<byte[]> r = f.get(viewer, path, null);
                assertEquals(200, r.statusCode(), path);
            }
            HttpResponse<byte[]> thumb = f.get(viewer, instance + "/thumbnail", null);
            assertTrue(thumb.headers().firstValue("Content-Type").orElse("").startsWith("image/"));
            for (String path : List.of("/studies/" + own.uid(), series, instance, instance + "/frames/1",
                    instance + "/bulk/7fe00010")) {
                assertEquals(404, f.get(viewer, path, null).statusCode(), path);
            }
            // without credentials the login form answers (FORM authentication shows it in place), not the service
            HttpResponse<byte[]> anonymous = f.get(null, "/studies", null);
            assertFalse(anonymous.headers().firstValue("Content-Type").orElse("").contains("json"));
            assertFalse(new String(anonymous.body(), StandardCharsets.UTF_8).contains(own.uid()));
        } finally {
            FileTrees.delete(dir);
        }
    }

    /** Every endpoint of the service for one study, series and instance. */
    private static List<String> endpoints(String study, String series, String instance) {
        String st = "/studies/" + study;
        String se = st + "/series/" + series;
        String in = se + "/instances/" + instance;
        return List.of(st, st + "/metadata", st + "/series", st + "/instances", se, se + "/metadata",
                se + "/rendered", se + "/thumbnail", se + "/instances", in, in + "/metadata", in + "/rendered",
                in + "/thumbnail", in + "/frames/1", in + "/frames/1/rendered", in + "/bulk/7fe00010");
    }

    private static int count(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode());
        try (var reader = jakarta.json.Json.createReader(new java.io.ByteArrayInputStream(r.body()))) {
            return reader.readArray().size();
        }
    }

    /** curl as the demo stager; returns the body (also written to {@code out}). */
    private static String curl(Path dir, String path, String accept, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "-f", "-u",
                DemoUsers.STAGER + ":" + DemoUsers.password(DemoUsers.STAGER), "-o", out.toString()));
        if (accept != null) {
            cmd.addAll(List.of("-H", "Accept: " + accept));
        }
        cmd.add(DicomWebFixture.BASE + path);
        run(dir, cmd);
        return Files.readString(out, StandardCharsets.ISO_8859_1);
    }

    /** pydicom reads every part of a multipart/related WADO-RS answer; returns their SOP Instance UIDs. */
    private static Set<String> pydicomSopUids(Path multipart) throws Exception {
        String script = """
                import io, sys, pydicom
                data = open(sys.argv[1], 'rb').read()
                boundary = data.split(b'\\r\\n', 1)[0] if data.startswith(b'--') else b'\\r\\n' + data.lstrip(b'\\r\\n').split(b'\\r\\n', 1)[0]
                boundary = boundary.strip()
                for part in data.split(boundary)[1:]:
                    if part.startswith(b'--'):
                        break
                    body = part.split(b'\\r\\n\\r\\n', 1)[1]
                    if body.endswith(b'\\r\\n'):
                        body = body[:-2]
                    ds = pydicom.dcmread(io.BytesIO(body))
                    ds.pixel_array if 'PixelData' in ds else None
                    print(ds.SOPInstanceUID)
                """;
        Path py = multipart.resolveSibling("read_parts.py");
        Files.writeString(py, script);
        String out = run(multipart.getParent(), List.of("/usr/bin/python3", py.toString(), multipart.toString()));
        return new TreeSet<>(out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
    }

    private static String run(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd.get(0) + " did not finish");
        }
        assertEquals(0, p.exitValue(), cmd.get(0) + " failed: " + out);
        return out;
    }

    private static Path findUp(String relative) {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(relative))) {
                return d.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + System.getProperty("user.dir"));
    }
}
