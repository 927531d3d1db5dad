package org.rpb.pacs.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.dicomweb.DicomWebClient;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;

/** QIDO-RS, WADO-RS and STOW-RS against Orthanc's DICOMweb plugin. */
@Tag("external")
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

    /**
     * One request with an instance Orthanc refuses (a file cut in half: complete meta information,
     * so the client sends it) and one it takes. Orthanc answers 400 with a store response listing
     * the good one: the outcome is per instance, the good one stored, the refused one failed, and
     * the request as a whole is not reported as failed, since it was not.
     */
    @Test
    void stowPartialFailureIsReportedPerInstance() throws Exception {
        Path fresh = NoDelayGuardTest.copiesWithDistinctUids(TestData.pydicom("CT_small.dcm"), tmp.resolve("stow-partial"), 1).get(0);
        // its meta information is complete, its data set ends in the middle of the pixel data
        byte[] ct = Files.readAllBytes(TestData.pydicom("MR_small.dcm"));
        Path refused = Files.write(tmp.resolve("stow-partial").resolve("truncated.dcm"), java.util.Arrays.copyOf(ct, ct.length / 2));
        int before = orthanc.instanceCount();
        StoreResult r = web.store(List.of(refused, fresh));
        assertEquals(2, r.instances().size(), r.toString());
        StoreResult.Instance bad = r.instances().stream().filter(i -> i.file().equals(refused)).findFirst().orElseThrow();
        StoreResult.Instance good = r.instances().stream().filter(i -> i.file().equals(fresh)).findFirst().orElseThrow();
        assertFalse(bad.stored(), r.toString());
        assertTrue(DicomStatus.isFailure(bad.status()), r.toString());
        assertEquals(Part10Meta.read(refused).sopInstanceUid(), bad.sopInstanceUid(), "named as the request named it");
        assertTrue(bad.reason().contains("STOW-RS"), bad.reason());

        // pydicom's rtdose.dcm names another SOP Instance UID in its meta information than in its data set:
        // the server reports the data set's, and the client must not take the stored instance for a failure
        StoreResult rt = web.store(List.of(TestData.pydicom("rtdose.dcm")));
        assertTrue(rt.allStored(), rt.toString());
        assertEquals(InstanceCheck.check(TestData.pydicom("rtdose.dcm")).sopInstanceUid(), rt.instances().get(0).sopInstanceUid());
        assertTrue(good.stored(), r.toString());
        assertEquals(1, r.stored());
        assertEquals(1, r.failed());
        assertFalse(r.allStored());
        assertEquals(before + 2, orthanc.instanceCount(), "Orthanc holds the good one and rtdose only");
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
