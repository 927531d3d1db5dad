package org.rpb.pacs.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.archive.ArchiveConfig;
import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.archive.ResearchArchives;
import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.upload.RtStudy;

/** The ZIP download against a real Orthanc as research archive, over DIMSE and DICOMweb. */
@Tag("external")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudyZipStreamerTest {

    @TempDir
    static Path tmp;

    private OrthancServer orthanc;
    private final List<HeaderSummary> stored = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        orthanc = OrthancServer.builder().workDir(tmp.resolve("orthanc")).start();
        Path study = Files.createDirectories(tmp.resolve("study"));
        RtStudy.write(study, "ZIP-1", "Zip^Zora", 4);
        DicomReader reader = DicomReader.create();
        try (Stream<Path> s = Files.list(study)) {
            for (Path f : s.sorted().toList()) {
                orthanc.upload(f);
                stored.add(reader.readHeaderSummary(f));
            }
        }
    }

    @AfterAll
    void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private ResearchArchive archive(ArchiveConfig.Protocol protocol) {
        PacsNode node = PacsNode.builder().aeTitle(orthanc.aeTitle()).host("127.0.0.1").port(orthanc.dicomPort())
                .dicomWebBaseUrl(orthanc.dicomWebUrl()).build();
        return ResearchArchives.open(new ArchiveConfig(node, protocol));
    }

    @Test
    void studyAndSeriesAreStreamedWithEveryInstanceOnce() throws Exception {
        String studyUid = stored.get(0).studyInstanceUid();
        for (ArchiveConfig.Protocol protocol : ArchiveConfig.Protocol.values()) {
            Path work = Files.createDirectories(tmp.resolve("work-" + protocol));
            StudyZipStreamer streamer = new StudyZipStreamer(archive(protocol), work);
            Path zip = tmp.resolve(protocol + "-study.zip");
            int n;
            try (OutputStream out = Files.newOutputStream(zip)) {
                n = streamer.streamStudy(studyUid, out);
            }
            assertEquals(stored.size(), n, protocol.toString());
            Set<String> expected = new TreeSet<>();
            stored.forEach(h -> expected.add(h.sopInstanceUid()));
            assertEquals(expected, sopUidsIn(zip, tmp.resolve(protocol + "-unzipped")), protocol.toString());
            try (Stream<Path> left = Files.list(work)) {
                assertEquals(0, left.count(), "no temporary series folder left behind");
            }

            HeaderSummary ct = stored.stream().filter(h -> "CT".equals(h.modality())).findFirst().orElseThrow();
            Path seriesZip = tmp.resolve(protocol + "-series.zip");
            try (OutputStream out = Files.newOutputStream(seriesZip)) {
                assertEquals(4, streamer.streamSeries(studyUid, ct.seriesInstanceUid(), out));
            }
            assertEquals(4, sopUidsIn(seriesZip, tmp.resolve(protocol + "-unzipped-series")).size());
        }
    }

    @Test
    void entryNamesAreSanitisedUidsWithOneDcmExtension() {
        assertEquals("1.2.3.dcm", StudyZipStreamer.fileName("1.2.3.dcm"));
        assertEquals("1.2.3.dcm", StudyZipStreamer.fileName("1.2.3"));
        assertEquals("1.2.3.dcm", StudyZipStreamer.fileName("1.2.3.DCM"));
        assertEquals("1.2.3", StudyZipStreamer.uid("../../1.2.3/"));
        assertEquals("1.2", StudyZipStreamer.uid("1..2\\x"));
        assertEquals("unknown", StudyZipStreamer.uid("../.."));
        assertEquals("unknown", StudyZipStreamer.uid(null));
        assertEquals(64, StudyZipStreamer.uid("1." + "2".repeat(100)).length());
    }

    @Test
    void unknownStudyOrSeriesIsNamed() throws Exception {
        StudyZipStreamer streamer = new StudyZipStreamer(archive(ArchiveConfig.Protocol.DIMSE), tmp);
        NotInArchiveException e = assertThrows(NotInArchiveException.class,
                () -> streamer.streamStudy("1.2.3.4.5.404", OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().contains("1.2.3.4.5.404"), e.getMessage());
        assertThrows(NotInArchiveException.class, () -> streamer.streamSeries(stored.get(0).studyInstanceUid(),
                "1.2.3.4.5.405", OutputStream.nullOutputStream()));
    }

    private static Set<String> sopUidsIn(Path zip, Path into) throws Exception {
        Files.createDirectories(into);
        Set<String> uids = new TreeSet<>();
        DicomReader reader = DicomReader.create();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            int i = 0;
            while ((e = in.getNextEntry()) != null) {
                assertTrue(e.getName().matches("\\d{3}_[A-Z]+_[0-9.]+/[0-9.]+\\.dcm"), e.getName());
                assertTrue(!e.getName().endsWith(".dcm.dcm"), e.getName());
                Path f = into.resolve(i++ + ".dcm");
                Files.copy(in, f);
                assertTrue(uids.add(reader.readHeaderSummary(f).sopInstanceUid()), "each instance once");
            }
        }
        return uids;
    }
}
