package org.rpb.pacs.core.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.InstanceCheck;
import org.rpb.pacs.core.net.testing.OrthancServer;

/**
 * The packaged tool as a user runs it: {@code java -jar pacs-core/target/pacs-dicom.jar} (the
 * shaded jar, built in the package phase; this runs in the integration-test phase after it). Exit
 * statuses 0 / 1 (damaged or non-DICOM input, reason on stderr) / 2 (usage), and {@code copy}
 * leaving no partial output when the write fails half-way (a file size limit, {@code ulimit -f}).
 */
@Tag("external")
class PacsDicomJarIT {
    private static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Path jar() {
        String p = System.getProperty("pacs.dicom.jar");
        assertTrue(p != null && Files.isRegularFile(Path.of(p)), "the shaded jar (system property pacs.dicom.jar): " + p);
        return Path.of(p);
    }

    private Run runLimited(String shellPrefix, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (shellPrefix != null) {
            StringBuilder sb = new StringBuilder(shellPrefix).append("; exec '").append(java).append("' -jar '").append(jar()).append('\'');
            for (String a : args) {
                sb.append(" '").append(a).append('\'');
            }
            cmd.addAll(List.of("/bin/bash", "-c", sb.toString()));
        } else {
            cmd.addAll(List.of(java, "-jar", jar().toString()));
            cmd.addAll(List.of(args));
        }
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished: " + cmd);
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return runLimited(null, args);
    }

    @Test
    void dumpAndExitStatuses() throws Exception {
        Run dump = run("dump", DATA.resolve("CT_small.dcm").toString());
        assertEquals(0, dump.exit(), dump.err());
        assertTrue(dump.out().contains("# Dicom-Data-Set") && dump.out().contains("(0010,0020) LO [1CT1]"), dump.out());
        assertTrue(dump.out().contains("Number Of Cells In Detector"), "the private dictionary is in the jar");

        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a DICOM file at all\n");
        Run bad = run("dump", text.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("not a DICOM file") && bad.err().contains("notes.txt"), bad.err());

        assertEquals(2, run().exit());
        assertEquals(2, run("frobnicate").exit());
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("  dump ") && help.out().contains("  copy ") && help.out().contains("  echo "), help.out());
        assertTrue(run("dump", "--help").out().matches("(?s)Usage: java -jar pacs-dicom.jar dump [^\n]*FILE\n.*"),
                "picocli is in the jar");
    }

    @Test
    void copyRoundTripsAndRefusesDamagedInput() throws Exception {
        Path out = tmp.resolve("mr.dcm");
        Run ok = run("copy", DATA.resolve("MR_small.dcm").toString(), out.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(-1, Files.mismatch(DATA.resolve("MR_small.dcm"), out), "byte for byte");

        Path again = tmp.resolve("again.dcm");
        Files.copy(DATA.resolve("JPEG2000.dcm"), again);
        Run inPlace = run("copy", again.toString(), again.toString());
        assertEquals(0, inPlace.exit(), inPlace.err());
        assertEquals(-1, Files.mismatch(DATA.resolve("JPEG2000.dcm"), again), "a copy onto itself keeps the file");

        Path never = tmp.resolve("never.dcm");
        Run truncated = run("copy", DATA.resolve("MR_truncated.dcm").toString(), never.toString());
        assertEquals(1, truncated.exit());
        assertTrue(truncated.err().contains("(7FE0,0010)") && truncated.err().contains("offset"), truncated.err());
        assertFalse(Files.exists(never));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aCopyThatFailsHalfWayLeavesNoPartialOutput() throws Exception {
        Path in = DATA.resolve("waveform_ecg.dcm");
        assertTrue(Files.size(in) > 200 * 1024, "input larger than the file size limit below");
        Path out = tmp.resolve("ecg.dcm");
        // ulimit -f counts 1024-byte blocks: the write fails with EFBIG after 100 kB
        Run failed = runLimited("ulimit -f 100", "copy", in.toString(), out.toString());
        assertEquals(1, failed.exit(), failed.out() + failed.err());
        assertTrue(failed.err().contains("cannot write") && failed.err().contains("ecg.dcm"), failed.err());
        assertFalse(Files.exists(out), "no partial OUT");
        assertEquals(List.of(), leftovers(), "no temporary file left");

        byte[] before = Files.readAllBytes(DATA.resolve("CT_small.dcm"));
        Files.write(out, before);
        Run again = runLimited("ulimit -f 100", "copy", in.toString(), out.toString());
        assertEquals(1, again.exit());
        assertArrayEquals(before, Files.readAllBytes(out), "an OUT that existed stays as it was");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void storeSendsTheDataSetsUidsAndReadsBareDataSets() throws Exception {
        // rtplan and rtdose: the file meta information names another SOP Instance than the data set (storescu sends
        // the data set's, so must we); rtstruct: a bare implicit VR data set without preamble or meta information
        try (OrthancServer orthanc = OrthancServer.builder().workDir(tmp.resolve("orthanc")).start()) {
            String node = "ORTHANC@127.0.0.1:" + orthanc.dicomPort();
            List<String> args = new ArrayList<>(List.of("store", "--calling", "JARTEST", node));
            for (String f : List.of("CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "rtdose.dcm", "rtstruct.dcm")) {
                args.add(DATA.resolve(f).toString());
            }
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("stored 5 of 5"), r.out());
            assertEquals(5, orthanc.instanceCount(), "all five in Orthanc");
            for (String f : List.of("rtplan.dcm", "rtdose.dcm", "rtstruct.dcm")) {
                String uid = InstanceCheck.check(DATA.resolve(f)).sopInstanceUid();
                String found = lookup(orthanc, uid);
                assertTrue(found.contains("\"Instance\""), f + " stored under its data set's SOP Instance UID: " + found);
            }

            Path text = Files.writeString(tmp.resolve("notes.txt"), "not DICOM\n");
            Run refused = run("store", node, text.toString());
            assertEquals(1, refused.exit());
            assertTrue(refused.err().contains("notes.txt") && refused.err().contains("not a DICOM file"), refused.err());
        }
    }

    private static String lookup(OrthancServer orthanc, String uid) throws IOException, InterruptedException {
        java.net.http.HttpRequest rq = java.net.http.HttpRequest.newBuilder(orthanc.restUrl().resolve("/tools/lookup"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(uid)).build();
        return java.net.http.HttpClient.newHttpClient().send(rq, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
