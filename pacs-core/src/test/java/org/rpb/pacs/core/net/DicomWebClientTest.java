package org.rpb.pacs.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.net.dicomweb.DicomWebClient;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;

/** QIDO-RS, WADO-RS and STOW-RS against Orthanc's DICOMweb plugin. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DicomWebClientTest {
    static final List<String> FILES = List.of("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "SC_rgb_jpeg_dcmtk.dcm");

    @TempDir
    static Path tmp;
    OrthancServer orthanc;
    DicomWebClient web;

    @BeforeAll
    void start() throws Exception {
        orthanc = OrthancServer.builder().workDir(tmp.resolve("orthanc")).start();
        web = DicomNetwork.dicomWeb(PacsNode.builder().aeTitle("ORTHANC").host("127.0.0.1").port(orthanc.dicomPort())
                .dicomWebBaseUrl(orthanc.dicomWebUrl()).build());
        StoreResult r = web.store(FILES.stream().map(TestData::pydicom).toList());
        assertTrue(r.allStored(), r.toString());
    }

    @AfterAll
    void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Test
    void stowStoredEveryFile() throws Exception {
        assertEquals(FILES.size(), orthanc.instanceCount());
    }

    @Test
    void qidoStudiesAndSeries() throws Exception {
        InstanceCheck.Header mr = InstanceCheck.check(TestData.pydicom("MR_small.dcm"));
        List<FindMatch> studies = web.searchStudies(FindQuery.builder(QueryLevel.STUDY).patientId("4MR1").build());
        assertEquals(1, studies.size());
        StudyResult s = StudyResult.of(studies.get(0));
        assertEquals(mr.studyInstanceUid(), s.studyInstanceUid());
        assertTrue(s.patientName().startsWith("CompressedSamples"), s.patientName());

        assertEquals(FILES.size(), web.searchStudies(FindQuery.builder(QueryLevel.STUDY).build()).size());

        List<FindMatch> series = web.searchSeries(FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(mr.studyInstanceUid()).build());
        assertEquals(1, series.size());
        assertEquals(mr.seriesInstanceUid(), SeriesResult.of(series.get(0)).seriesInstanceUid());
        assertEquals("MR", SeriesResult.of(series.get(0)).modality());
    }

    @Test
    void wadoStudyAndSeriesArePart10FilesAsEncoded() throws Exception {
        for (String name : List.of("JPEG2000.dcm", "CT_small.dcm")) {
            Path f = TestData.pydicom(name);
            InstanceCheck.Header h = InstanceCheck.check(f);
            List<Path> study = web.retrieveStudy(h.studyInstanceUid(), tmp.resolve("wado-" + name));
            assertEquals(1, study.size());
            assertEquals(h.transferSyntaxUid(), InstanceCheck.check(study.get(0)).transferSyntaxUid(), name);
            assertArrayEquals(TestData.pixelDataBytes(f), TestData.pixelDataBytes(study.get(0)), name);
            List<Path> series = web.retrieveSeries(h.studyInstanceUid(), h.seriesInstanceUid(), tmp.resolve("wado-series-" + name));
            assertEquals(1, series.size());
            try (var s = Files.list(tmp.resolve("wado-" + name))) {
                assertEquals(1, s.count(), "no temporary files left");
            }
        }
    }

    @Test
    void httpErrorsNameUrlOperationAndStatus() {
        DicomNetworkException e = assertThrows(DicomNetworkException.class,
                () -> web.retrieveStudy("1.2.3.4.5.6.7.8.9", tmp.resolve("none")));
        assertEquals(Operation.WADO, e.operation());
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("/dicom-web/studies/1.2.3.4.5.6.7.8.9") && e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void unreachableServerIsAClearError() throws Exception {
        int port = OrthancServer.freePort();
        DicomWebClient dead = DicomNetwork.dicomWeb(PacsNode.builder().aeTitle("X").host("127.0.0.1").port(104)
                .dicomWebBaseUrl(URI.create("http://127.0.0.1:" + port + "/dicom-web")).build());
        DicomNetworkException e = assertThrows(DicomNetworkException.class,
                () -> dead.searchStudies(FindQuery.builder(QueryLevel.STUDY).build()));
        assertEquals(Operation.QIDO, e.operation());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("cannot connect"), e.getMessage());
    }
}
