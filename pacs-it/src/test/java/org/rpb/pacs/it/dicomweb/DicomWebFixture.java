package org.rpb.pacs.it.dicomweb;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.naming.InitialContext;
import javax.sql.DataSource;

import org.rpb.pacs.core.net.InstanceCheck;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecordService;

/**
 * Four generated CT + RT studies in a research Orthanc with DICOMweb, which the server's DICOMweb service proxies
 * ({@code pacs.research.dicomweb}): {@link #own} recorded in RTTRIAL at DD, {@link #otherSite} in RTTRIAL at MUC,
 * {@link #study0} a Study0 copy (STUDY0 at DD) and {@link #unrecorded} in the PACS but recorded nowhere (as a study
 * only the clinical PACS would know). {@link #close()} stops Orthanc and removes the records. Runs in the server.
 */
final class DicomWebFixture implements AutoCloseable {

    /** The module's DICOMweb root as the tests call it. */
    static final String BASE = "http://127.0.0.1:8080/pacs/dicomweb";
    static final int SLICES = 6;

    /** A generated study and some of its UIDs. */
    record TestStudy(String uid, String ctSeries, String ctInstance, String structSeries, int instances,
            Map<String, List<String>> series, Map<String, String> modalities) {
    }

    final TestStudy own;
    final TestStudy otherSite;
    final TestStudy study0;
    final TestStudy unrecorded;
    final OrthancServer research;
    /** The record of {@link #own}. */
    final long ownRecordId;
    private final String researchBefore;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    DicomWebFixture(Path dir, StudyRecordService records, ActiveScopeService scopes) throws Exception {
        this(dir, records, scopes, SLICES);
    }

    /** As above with {@code slices} CT slices in each study (contours on all but the first and the last). */
    DicomWebFixture(Path dir, StudyRecordService records, ActiveScopeService scopes, int slices) throws Exception {
        research = OrthancServer.startWithDicomWeb("RESEARCH", dir.resolve("research"));
        researchBefore = System.getProperty("pacs.research.dicomweb");
        System.setProperty("pacs.research.dicomweb", research.dicomWebUrl().toString());
        try {
            own = make(dir, "own", "id00001", "Own^Study", slices);
            otherSite = make(dir, "muc", "MUC-77", "Other^Site", slices);
            study0 = make(dir, "study0", "id00001", "Study0^Copy", slices);
            unrecorded = make(dir, "clinical", "id00001", "Clinical^Only", slices);
            ownRecordId = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "DD");
                return records.register(record(Stage.PROJECT_COPY, "PID-S0-0003", own));
            }).id();
            RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select("RTTRIAL", "MUC");
                records.register(record(Stage.PROJECT_COPY, "PID-RT-0201", otherSite));
                scopes.select("STUDY0", "DD");
                return records.register(record(Stage.STUDY0_COPY, "PID-S0-0003", study0));
            });
            for (String user : List.of(DemoUsers.STAGER, DemoUsers.VIEWER)) {
                RunAs.user(user, () -> scopes.select("RTTRIAL", "DD"));
            }
        } catch (Exception | AssertionError e) {
            research.close();
            restoreProperty();
            throw e;
        }
    }

    private void restoreProperty() {
        if (researchBefore == null) {
            System.clearProperty("pacs.research.dicomweb");
        } else {
            System.setProperty("pacs.research.dicomweb", researchBefore);
        }
    }

    private TestStudy make(Path dir, String seed, String patientId, String name, int slices) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(seed));
        List<Path> files = RtStudyFiles.write(folder, patientId, name, slices,
                "dicomweb-it-" + seed + "-" + System.nanoTime());
        shiftSlices(folder);
        Map<String, List<String>> series = new LinkedHashMap<>();
        Map<String, String> modalities = new LinkedHashMap<>();
        String study = null;
        String ct = null;
        String ctInstance = null;
        String struct = null;
        for (Path f : files) {
            research.upload(f);
            InstanceCheck.Header h = InstanceCheck.check(f);
            study = h.studyInstanceUid();
            series.computeIfAbsent(h.seriesInstanceUid(), k -> new ArrayList<>()).add(h.sopInstanceUid());
            modalities.put(h.seriesInstanceUid(), switch (h.sopClassUid()) {
                case "1.2.840.10008.5.1.4.1.1.2" -> "CT";
                case "1.2.840.10008.5.1.4.1.1.481.3" -> "RTSTRUCT";
                case "1.2.840.10008.5.1.4.1.1.481.5" -> "RTPLAN";
                case "1.2.840.10008.5.1.4.1.1.481.2" -> "RTDOSE";
                default -> "OT";
            });
            if (h.sopClassUid().equals("1.2.840.10008.5.1.4.1.1.2")) {
                ct = h.seriesInstanceUid();
                ctInstance = h.sopInstanceUid();
            } else if (h.sopClassUid().equals("1.2.840.10008.5.1.4.1.1.481.3")) {
                struct = h.seriesInstanceUid();
            }
        }
        return new TestStudy(study, ct, ctInstance, struct, files.size(), series, modalities);
    }

    /**
     * make_rt_study.py gives every CT slice the same pixels; shifting each slice's image sideways by its index makes
     * them differ, so that a viewer test sees the pixels change from slice to slice.
     */
    private static void shiftSlices(Path folder) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import glob, sys, numpy, pydicom
                for f in glob.glob(sys.argv[1] + '/CT*.dcm'):
                    ds = pydicom.dcmread(f)
                    a = ds.pixel_array
                    ds.PixelData = numpy.roll(a, 6 * (int(ds.InstanceNumber) - 1), axis=1).astype(a.dtype).tobytes()
                    ds.save_as(f)
                """, folder.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new java.io.IOException("shifting the CT slices failed: " + out);
        }
    }

    private static NewStudyRecord record(Stage stage, String pid, TestStudy s) {
        List<SeriesRecord> series = s.series().entrySet().stream()
                .map(e -> new SeriesRecord(e.getKey(), null, s.modalities().get(e.getKey()), null,
                        e.getValue().size())).toList();
        return new NewStudyRecord(stage, pid, s.uid(), null, null, "20240305", "DICOMweb IT", null, series);
    }

    /** A GET of the module as a demo user (HTTP Basic), the body as bytes. */
    HttpResponse<byte[]> get(String user, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : BASE + path))
                .timeout(Duration.ofSeconds(60)).GET();
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + DemoUsers.password(user)).getBytes(StandardCharsets.UTF_8)));
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Audit rows of DICOMweb retrieves of a study. */
    static int auditedRetrieves(String user, String studyUid) throws Exception {
        DataSource ds = (DataSource) new InitialContext().lookup("java:jboss/datasources/PacsDS");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("select count(*) from pacs.audit_event where action = 'DOWNLOAD' and user_name = '"
                        + user + "' and study_instance_uid = '" + studyUid + "' and pid is not null"
                        + " and detail like 'DICOMweb %'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public void close() throws Exception {
        research.close();
        restoreProperty();
        DataSource ds = (DataSource) new InitialContext().lookup("java:jboss/datasources/PacsDS");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (TestStudy t : List.of(own, otherSite, study0)) {
                s.executeUpdate("delete from pacs.dicom_series_record where study_record_id in (select id from"
                        + " pacs.dicom_study_record where study_instance_uid = '" + t.uid() + "')");
                s.executeUpdate("delete from pacs.dicom_study_record where study_instance_uid = '" + t.uid() + "'");
            }
        }
    }
}
