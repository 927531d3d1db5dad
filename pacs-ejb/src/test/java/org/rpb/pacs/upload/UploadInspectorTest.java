package org.rpb.pacs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.io.DicomReader;

/** Inspection of real uploads: a pydicom-written CT + RT study, pydicom's own files, damaged and foreign files. */
@Tag("external")
class UploadInspectorTest {

    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @TempDir
    static Path generated;

    private final UploadInspector inspector = new UploadInspector(DicomReader.create());

    @BeforeAll
    static void writeStudy() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "../scripts/testdata/make_rt_study.py",
                "--out", generated.toString(), "--patient-id", "UPL-1", "--patient-name", "Upload^Ulla",
                "--sex", "F", "--birth-date", "19580214", "--slices", "3")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "the generator failed (needs /usr/bin/python3 with python3-pydicom): " + out);
    }

    @Test
    void coherentStudyPassesTheChecksAndShowsItsRtTree(@TempDir Path upload) throws IOException {
        copyAll(generated, upload);
        UploadContents contents = inspector.inspect(upload);
        assertEquals(6, contents.instances().size());
        assertEquals(List.of(), contents.ignored());
        assertEquals(1, contents.studyInstanceUids().size());
        assertEquals(4, contents.series().size());
        assertEquals(List.of("RTSTRUCT", "RTPLAN", "RTDOSE"),
                contents.referenceGraph().rtSeriesInTreeOrder().stream()
                        .map(contents.referenceGraph()::modality).toList());
        List<Finding> findings = contents.check(new ExpectedPatient("F", 1958));
        assertTrue(findings.stream().noneMatch(Finding::blocking), "findings: " + findings);
    }

    @Test
    void otherSexOrBirthYearBlocks(@TempDir Path upload) throws IOException {
        copyAll(generated, upload);
        UploadContents contents = inspector.inspect(upload);
        List<Finding> wrongSex = contents.check(new ExpectedPatient("M", 1958));
        assertTrue(wrongSex.stream().anyMatch(f -> f.blocking() && f.message().contains("Sex")), "" + wrongSex);
        List<Finding> wrongYear = contents.check(new ExpectedPatient("F", 1960));
        assertTrue(wrongYear.stream().anyMatch(f -> f.blocking() && f.message().contains("year of birth")),
                "" + wrongYear);
    }

    @Test
    void aSecondPatientBlocksWithoutNamingEither(@TempDir Path upload) throws IOException {
        copyAll(generated, upload);
        Files.copy(PYDICOM.resolve("CT_small.dcm"), upload.resolve("other-patient.dcm"));
        UploadContents contents = inspector.inspect(upload);
        List<Finding> findings = contents.check(new ExpectedPatient(null, null));
        Finding patients = findings.stream().filter(f -> f.message().contains("2 different patients"))
                .findFirst().orElseThrow(() -> new AssertionError("no finding about patients: " + findings));
        assertTrue(patients.blocking());
        assertTrue(findings.stream().anyMatch(f -> f.blocking() && f.message().contains("2 studies")));
        for (Finding f : findings) {
            assertFalse(f.message().contains("UPL-1") || f.message().contains("1CT1")
                    || f.message().contains("Ulla"), "a finding names patient data: " + f);
        }
    }

    @Test
    void damagedAndForeignFilesAreNamedWithTheirReason(@TempDir Path upload) throws IOException {
        copyAll(generated, upload);
        Files.writeString(upload.resolve("notes.txt"), "scanned on Monday");
        Files.copy(PYDICOM.resolve("MR_truncated.dcm"), upload.resolve("truncated.dcm"));
        byte[] ct = Files.readAllBytes(generated.resolve("CT002.dcm"));
        Files.write(upload.resolve("cut-CT.dcm"), java.util.Arrays.copyOf(ct, ct.length / 2));

        UploadContents contents = inspector.inspect(upload);
        assertEquals(6, contents.instances().size(), "the intact files are still read");
        assertTrue(contents.hasDamagedFiles());
        IgnoredFile text = find(contents, "notes.txt");
        assertFalse(text.damaged());
        assertEquals("not a DICOM file", text.reason());
        for (String damaged : List.of("truncated.dcm", "cut-CT.dcm")) {
            IgnoredFile f = find(contents, damaged);
            assertTrue(f.damaged(), damaged);
            assertTrue(f.reason().startsWith("damaged DICOM file") && f.reason().contains("at byte"), f.reason());
        }
    }

    @Test
    void headersOnlyFindsTheSameInstancesWithoutReadingPixelData(@TempDir Path upload) throws IOException {
        copyAll(generated, upload);
        UploadContents full = inspector.inspect(upload);
        UploadContents headers = UploadInspector.headersOnly(DicomReader.create()).inspect(upload);
        assertEquals(full.instances().stream().map(i -> i.header().toString()).toList(),
                headers.instances().stream().map(i -> i.header().toString()).toList());
        assertEquals(full.instances().stream().map(InspectedInstance::references).toList(),
                headers.instances().stream().map(InspectedInstance::references).toList());
        // a CT cut inside its pixel data: damaged when read to the end, its header is whole (the job's folder
        // holds no such file: the confirmation deletes the damaged ones)
        byte[] ct = Files.readAllBytes(generated.resolve("CT002.dcm"));
        Files.write(upload.resolve("CT002.dcm"), java.util.Arrays.copyOf(ct, ct.length - 100));
        assertTrue(inspector.inspect(upload).hasDamagedFiles());
        assertEquals(full.instances().size(),
                UploadInspector.headersOnly(DicomReader.create()).inspect(upload).instances().size());
    }

    @Test
    void structureSetWithoutItsImagesIsWarned(@TempDir Path upload) throws IOException {
        Files.copy(generated.resolve("RTSTRUCT.dcm"), upload.resolve("RTSTRUCT.dcm"));
        List<Finding> findings = inspector.inspect(upload).check(new ExpectedPatient("F", 1958));
        assertTrue(findings.stream().anyMatch(f -> !f.blocking() && f.message().contains("not in the upload")),
                "" + findings);
    }

    private static IgnoredFile find(UploadContents contents, String name) {
        return contents.ignored().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not reported: " + contents.ignored()));
    }

    private static void copyAll(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
