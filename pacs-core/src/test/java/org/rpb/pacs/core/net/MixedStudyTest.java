package org.rpb.pacs.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;

/**
 * A generated study in a real Orthanc: one CT and one MR instance (copies of pydicom's files) of a
 * patient with a birth date and an accession number, which none of pydicom's files has. It checks
 * the birth-date and accession-number matching keys, and retrieves whose sub-operations partly fail:
 * a C-GET that proposes only the CT class, and a C-MOVE to a dcmtk storescp that accepts only CT.
 * Orthanc stops a retrieve at its first failed sub-operation and answers a failure status (thrown,
 * with the counts); dcmtk's dcmqrscp, holding the same two files, goes on and answers a warning
 * (0xB000) with one completed and one failed sub-operation (returned).
 */
@Tag("external")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedStudyTest {
    static final String CT_CLASS = "1.2.840.10008.5.1.4.1.1.2";
    static final String PATIENT_ID = "MIXED-1";
    static final LocalDate BIRTH = LocalDate.of(1961, 3, 15);
    static final String ACCESSION = "ACC4711";

    @TempDir
    static Path tmp;
    OrthancServer orthanc;
    Process storescp;
    Process dcmqrscp;
    DimseClient qr;
    DimseClient client;
    String studyUid;
    Path ct;
    Path mr;

    @BeforeAll
    void start() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        ct = in.resolve("ct.dcm");
        mr = in.resolve("mr.dcm");
        TestData.Run py = TestData.run(60, "/usr/bin/python3", "-c", String.join("\n",
                "import pydicom, sys",
                "from pydicom.uid import generate_uid",
                "study = generate_uid()",
                "for src, dst in ((sys.argv[1], sys.argv[3]), (sys.argv[2], sys.argv[4])):",
                "    d = pydicom.dcmread(src)",
                "    d.StudyInstanceUID = study",
                "    d.SeriesInstanceUID = generate_uid()",
                "    d.SOPInstanceUID = d.file_meta.MediaStorageSOPInstanceUID = generate_uid()",
                "    d.PatientID = '" + PATIENT_ID + "'",
                "    d.PatientName = 'Mixed^Study'",
                "    d.PatientBirthDate = '" + BIRTH.toString().replace("-", "") + "'",
                "    d.AccessionNumber = '" + ACCESSION + "'",
                "    d.save_as(dst, write_like_original=False)"),
                TestData.pydicom("CT_small.dcm").toString(), TestData.pydicom("MR_small.dcm").toString(), ct.toString(), mr.toString());
        assertEquals(0, py.exit(), py.output());
        studyUid = InstanceCheck.check(ct).studyInstanceUid();

        int scpPort = OrthancServer.freePort();
        Path cfg = tmp.resolve("ct-only.cfg");
        Files.writeString(cfg, String.join("\n",
                "[[TransferSyntaxes]]", "[Uncompressed]", "TransferSyntax1 = LocalEndianExplicit",
                "TransferSyntax2 = LittleEndianImplicit",
                "[[PresentationContexts]]", "[CTOnly]", "PresentationContext1 = VerificationSOPClass\\Uncompressed",
                "PresentationContext2 = CTImageStorage\\Uncompressed",
                "[[Profiles]]", "[CTOnly]", "PresentationContexts = CTOnly", ""));
        Path scpDir = Files.createDirectories(tmp.resolve("storescp"));
        ProcessBuilder pb = new ProcessBuilder(TestData.dcmtk("storescp"), "-aet", "CTONLY", "-xf", cfg.toString(), "CTOnly",
                "-od", scpDir.toString(), Integer.toString(scpPort)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("storescp.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        storescp = pb.start();
        DcmtkReceiverTest.waitForPort(scpPort);

        orthanc = OrthancServer.builder().workDir(tmp.resolve("orthanc")).modality("CTONLY", "127.0.0.1", scpPort)
                .modality("PACS", "127.0.0.1", 1).start();
        orthanc.upload(ct);
        orthanc.upload(mr);
        client = DicomNetwork.dimse(OrthancDimseTest.node("ORTHANC", orthanc.dicomPort()));

        int qrPort = OrthancServer.freePort();
        Path db = Files.createDirectories(tmp.resolve("qr-db"));
        Path qrCfg = tmp.resolve("dcmqrscp.cfg");
        Files.writeString(qrCfg, "NetworkTCPPort = " + qrPort + "\nMaxPDUSize = 16384\nMaxAssociations = 16\n\n"
                + "HostTable BEGIN\nctonly = (CTONLY, 127.0.0.1, " + scpPort + ")\nHostTable END\n\n"
                + "VendorTable BEGIN\nVendorTable END\n\n"
                + "AETable BEGIN\nQR " + db + " RW (100, 1024mb) ANY\nAETable END\n");
        ProcessBuilder qb = new ProcessBuilder(TestData.dcmtk("dcmqrscp"), "-c", qrCfg.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("dcmqrscp.log").toFile());
        qb.environment().put("TCP_NODELAY", "1");
        dcmqrscp = qb.start();
        DcmtkReceiverTest.waitForPort(qrPort);
        qr = DicomNetwork.dimse(OrthancDimseTest.node("QR", qrPort));
        assertTrue(qr.store(List.of(ct, mr)).allStored());
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (orthanc != null) {
            orthanc.close();
        }
        if (dcmqrscp != null) {
            dcmqrscp.destroy();
            dcmqrscp.waitFor(10, TimeUnit.SECONDS);
        }
        if (storescp != null) {
            storescp.destroy();
            storescp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void birthDateAndAccessionNumberAreMatchingKeys() throws Exception {
        List<PatientResult> patients = client.findPatients(FindQuery.builder(QueryLevel.PATIENT).birthDate(BIRTH).build());
        assertEquals(List.of(PATIENT_ID), patients.stream().map(PatientResult::patientId).toList());
        assertEquals(List.of(), client.findPatients(FindQuery.builder(QueryLevel.PATIENT).birthDate(BIRTH.plusDays(1)).build()),
                "a different birth date matches nobody");

        List<StudyResult> byAccession = client.findStudies(FindQuery.builder(QueryLevel.STUDY).accessionNumber(ACCESSION).build());
        assertEquals(List.of(studyUid), byAccession.stream().map(StudyResult::studyInstanceUid).toList());
        assertEquals(ACCESSION, byAccession.get(0).accessionNumber());
        assertEquals(List.of(), client.findStudies(FindQuery.builder(QueryLevel.STUDY).accessionNumber("ACC4712").build()));

        List<StudyResult> both = client.findStudies(FindQuery.builder(QueryLevel.STUDY).patientId(PATIENT_ID).birthDate(BIRTH)
                .accessionNumber(ACCESSION).build());
        assertEquals(1, both.size(), "all keys together");
    }

    @Test
    void orthancEndsAGetAtTheFirstFailedSubOperationWithAFailureNamingTheCounts() {
        DicomNetworkException e = assertThrows(DicomNetworkException.class, () -> client.get(
                FindQuery.builder(QueryLevel.STUDY).studyInstanceUid(studyUid).build(), Set.of(CT_CLASS), tmp.resolve("get-orthanc"),
                p -> { }, CancelToken.create()));
        assertEquals(Operation.GET, e.operation());
        assertTrue(DicomStatus.isFailure(e.status()), e.getMessage());
        assertTrue(e.getMessage().contains("ORTHANC@127.0.0.1") && e.getMessage().contains("failed 1")
                && e.getMessage().contains("0x" + Integer.toHexString(e.status()).toUpperCase()), e.getMessage());
    }

    @Test
    void getProposingOnlyTheCtClassReportsTheMrSubOperationAsFailed() throws Exception {
        List<MoveProgress> progress = new ArrayList<>();
        RetrieveResult r = qr.get(FindQuery.builder(QueryLevel.STUDY).studyInstanceUid(studyUid).build(), Set.of(CT_CLASS),
                tmp.resolve("get"), progress::add, CancelToken.create());
        assertEquals(1, r.completed(), r.describe());
        assertEquals(1, r.failed(), r.describe());
        assertFalse(r.fullySuccessful(), r.describe());
        assertEquals(0xB000, r.status(), r.describe());
        assertEquals(1, r.files().size());
        assertEquals(InstanceCheck.check(ct).sopInstanceUid(), InstanceCheck.check(r.files().get(0)).sopInstanceUid());
        assertTrue(r.describe().contains("QR@127.0.0.1") && r.describe().contains("GET") && r.describe().contains("failed 1"), r.describe());
        assertEquals(1, progress.get(progress.size() - 1).failed());
    }

    @Test
    void moveToADestinationThatRefusesMrReportsAFailedSubOperation() throws Exception {
        List<MoveProgress> progress = new ArrayList<>();
        FindQuery q = FindQuery.builder(QueryLevel.STUDY).studyInstanceUid(studyUid).build();
        RetrieveResult r = qr.move(q, "CTONLY", progress::add, CancelToken.create());
        assertEquals(1, r.completed(), r.describe());
        assertEquals(1, r.failed(), r.describe());
        assertEquals(0xB000, r.status(), r.describe());
        assertFalse(r.fullySuccessful());
        assertTrue(r.describe().contains("QR@127.0.0.1") && r.describe().contains("MOVE") && r.describe().contains("failed 1"), r.describe());
        long stored;
        try (var s = Files.list(tmp.resolve("storescp"))) {
            stored = s.filter(Files::isRegularFile).count();
        }
        assertEquals(1, stored, "storescp kept the CT only");
        assertFalse(progress.isEmpty());

        // Orthanc stops at the failed sub-operation: a failure status, thrown with the node, operation and counts
        DicomNetworkException e = assertThrows(DicomNetworkException.class, () -> client.move(q, "CTONLY", p -> { }, CancelToken.create()));
        assertEquals(Operation.MOVE, e.operation());
        assertTrue(DicomStatus.isFailure(e.status()) && e.getMessage().contains("ORTHANC@127.0.0.1")
                && e.getMessage().contains("CTONLY"), e.getMessage());
    }
}
