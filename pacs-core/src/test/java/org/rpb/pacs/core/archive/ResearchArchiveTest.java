package org.rpb.pacs.core.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rpb.pacs.core.data.Uid;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.core.net.InstanceCheck;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.SeriesResult;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StudyResult;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;

/** Both research-archive implementations against one real Orthanc (DIMSE and orthanc-dicomweb). */
@Tag("external")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResearchArchiveTest {
    @TempDir
    static Path tmp;
    OrthancServer orthanc;

    @BeforeAll
    void start() throws Exception {
        orthanc = OrthancServer.builder().workDir(tmp.resolve("orthanc")).start();
    }

    @AfterAll
    void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    ResearchArchive archive(ArchiveConfig.Protocol p) {
        PacsNode node = PacsNode.builder().aeTitle("ORTHANC").host("127.0.0.1").port(orthanc.dicomPort())
                .dicomWebBaseUrl(orthanc.dicomWebUrl()).build();
        return ResearchArchives.open(new ArchiveConfig(node, p));
    }

    @ParameterizedTest
    @EnumSource(ArchiveConfig.Protocol.class)
    void storeListFetchVerify(ArchiveConfig.Protocol protocol) throws Exception {
        ResearchArchive archive = archive(protocol);
        // each protocol stores a different file, so that each run proves its own store
        String name = protocol == ArchiveConfig.Protocol.DIMSE ? "CT_small.dcm" : "SC_rgb_rle.dcm";
        Path file = TestData.pydicom(name);
        InstanceCheck.Header h = InstanceCheck.check(file);
        String patientId = protocol == ArchiveConfig.Protocol.DIMSE ? "1CT1" : "ID1";

        StoreResult stored = archive.store(List.of(file));
        assertTrue(stored.allStored(), stored.toString());

        List<StudyResult> studies = archive.studiesOfPatient(patientId);
        assertEquals(List.of(h.studyInstanceUid()), studies.stream().map(StudyResult::studyInstanceUid).toList());
        assertEquals(patientId, studies.get(0).patientId());

        List<SeriesResult> series = archive.seriesOfStudy(h.studyInstanceUid());
        assertEquals(List.of(h.seriesInstanceUid()), series.stream().map(SeriesResult::seriesInstanceUid).toList());

        List<Path> study = archive.fetchStudy(h.studyInstanceUid(), tmp.resolve(protocol + "-study"));
        assertEquals(1, study.size());
        assertEquals(h.sopInstanceUid(), InstanceCheck.check(study.get(0)).sopInstanceUid());
        assertEquals(h.transferSyntaxUid(), InstanceCheck.check(study.get(0)).transferSyntaxUid(), "kept as encoded");
        assertArrayEquals(TestData.pixelDataBytes(file), TestData.pixelDataBytes(study.get(0)));

        List<Path> ser = archive.fetchSeries(h.studyInstanceUid(), h.seriesInstanceUid(), tmp.resolve(protocol + "-series"));
        assertEquals(1, ser.size());

        assertTrue(archive.containsAll(h.studyInstanceUid(), Set.of(h.sopInstanceUid())));
        assertEquals(Set.of("1.2.3.4.5.6.7"), archive.missing(h.studyInstanceUid(), Set.of(h.sopInstanceUid(), "1.2.3.4.5.6.7")));
    }

    /**
     * A store session sends files one by one (over DIMSE, associations kept open per SOP class and transfer
     * syntax: an MR image in two transfer syntaxes and a CT image), and the per-series query tells which
     * instances of that series are missing, without looking at other series.
     */
    @ParameterizedTest
    @EnumSource(ArchiveConfig.Protocol.class)
    void storeSessionAndSeriesVerification(ArchiveConfig.Protocol protocol) throws Exception {
        ResearchArchive archive = archive(protocol);
        List<Path> files = protocol == ArchiveConfig.Protocol.DIMSE
                ? List.of(TestData.pydicom("MR_small.dcm"), TestData.pydicom("CT_small.dcm"), TestData.pydicom("MR_small_implicit.dcm"))
                : List.of(TestData.pydicom("rtdose.dcm"));
        try (org.rpb.pacs.core.net.StoreSession session = archive.openStore()) {
            for (Path f : files) {
                StoreResult.Instance r = session.store(f);
                assertTrue(r.stored(), f.getFileName() + ": " + r.reason());
                assertEquals(InstanceCheck.check(f).sopInstanceUid(), r.sopInstanceUid());
            }
            StoreResult.Instance unreadable = session.store(tmp.resolve("no-such-file.dcm"));
            assertTrue(!unreadable.stored() && unreadable.reason().startsWith("not sent"), unreadable.reason());
        }
        InstanceCheck.Header h = InstanceCheck.check(files.get(0));
        assertEquals(Set.of("1.2.3.4.5.6.8"), archive.missing(h.studyInstanceUid(), h.seriesInstanceUid(),
                Set.of(h.sopInstanceUid(), "1.2.3.4.5.6.8")));
        if (protocol == ArchiveConfig.Protocol.DIMSE) {
            // the CT image is in the archive, but not in the MR series: a series query does not find it
            InstanceCheck.Header ct = InstanceCheck.check(files.get(1));
            assertEquals(Set.of(ct.sopInstanceUid()), archive.missing(h.studyInstanceUid(), h.seriesInstanceUid(),
                    Set.of(ct.sopInstanceUid())));
            assertEquals(Set.of(), archive.missing(ct.studyInstanceUid(), ct.seriesInstanceUid(),
                    Set.of(ct.sopInstanceUid())));
        }
    }

    /**
     * A batch of a series that holds more instances is verified by naming its UIDs (list of UID matching): those of
     * the batch that are there are found, one that is not is missing, and the series' other instances do not
     * count; a set larger than {@value Verification#LISTED} UIDs is checked against the whole series.
     */
    @ParameterizedTest
    @EnumSource(ArchiveConfig.Protocol.class)
    void batchOfALargerSeriesIsVerifiedByItsUids(ArchiveConfig.Protocol protocol) throws Exception {
        ResearchArchive archive = archive(protocol);
        DicomFile ct = DicomReader.create().read(TestData.pydicom("CT_small.dcm"));
        String study = Uid.generate().value();
        String series = Uid.generate().value();
        List<String> sops = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int k = 0; k < Verification.LISTED + 6; k++) {
            String sop = Uid.generate().value();
            ct.dataSet().setString(Tags.StudyInstanceUID, VR.UI, study);
            ct.dataSet().setString(Tags.SeriesInstanceUID, VR.UI, series);
            ct.dataSet().setString(Tags.SOPInstanceUID, VR.UI, sop);
            Path f = tmp.resolve(protocol + "-batch-" + k + ".dcm");
            DicomWriter.builder().newFileMeta(true).build().write(ct, f);
            sops.add(sop);
            files.add(f);
        }
        assertTrue(archive.store(files).allStored());
        String absent = Uid.generate().value();
        List<String> batch = new ArrayList<>(sops.subList(3, 8));
        batch.add(absent);
        assertEquals(Set.of(absent), archive.missing(study, series, batch));
        assertEquals(Set.of(absent), archive.missing(study, batch));
        List<String> all = new ArrayList<>(sops);
        all.add(absent);
        assertEquals(Set.of(absent), archive.missing(study, series, all));
        assertEquals(Set.of(), archive.missing(study, series, List.of()));
    }

    @ParameterizedTest
    @EnumSource(ArchiveConfig.Protocol.class)
    void unknownPatientHasNoStudies(ArchiveConfig.Protocol protocol) throws Exception {
        assertEquals(List.of(), archive(protocol).studiesOfPatient("NO-SUCH-PID"));
    }

    @org.junit.jupiter.api.Test
    void dicomWebConfigWithoutUrlIsRefused() {
        PacsNode node = PacsNode.builder().aeTitle("ORTHANC").host("127.0.0.1").port(104).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ArchiveConfig(node, ArchiveConfig.Protocol.DICOMWEB));
        assertTrue(e.getMessage().contains("no DICOMweb base URL"));
    }
}
