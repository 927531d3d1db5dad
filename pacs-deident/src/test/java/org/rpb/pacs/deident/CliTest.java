package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.deident.cli.DeidentTool;

/** The command-line tool (issue text, point 11) and batch behaviours 18, 31, 36. */
class CliTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new DeidentTool(new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private Run run(long progressMillis, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new DeidentTool(new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), progressMillis).run(args);
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSingleLargeFileGetsProgressLinesWhileItIsWorkedOn() throws Exception {
        // a 64 MB multi-frame CT: one file, so a line per finished file would come only at the end
        org.rpb.pacs.core.io.DicomFile src = Fixtures.readFile(Fixtures.pydicom("CT_small.dcm"));
        org.rpb.pacs.core.data.DataSet ds = src.dataSet();
        int frames = 128;
        ds.setLongs(Tag.of(0x00280010), org.rpb.pacs.core.data.VR.US, 512);
        ds.setLongs(Tag.of(0x00280011), org.rpb.pacs.core.data.VR.US, 512);
        ds.setString(Tag.of(0x00280008), org.rpb.pacs.core.data.VR.IS, Integer.toString(frames));
        ds.set(org.rpb.pacs.core.data.DataElement.of(Tag.of(0x7FE00010), org.rpb.pacs.core.data.VR.OW,
                new byte[512 * 512 * 2 * frames]));
        Path in = tmp.resolve("big.dcm");
        org.rpb.pacs.core.io.DicomWriter.create().write(src, in);
        ds = null;
        src = null;
        Run r = run(5, "deidentify", "--key-file", key().toString(), "--patient-id", "PID-1", "--patient-name",
                "PID-1", "--out", tmp.resolve("out").toString(), in.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("progress: ")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("progress: 0/1 files (0 of 64 MB), 0 refused")),
                "a line while the file is worked on: " + lines);
        assertTrue(lines.get(lines.size() - 1).startsWith("progress: 1/1 files (64 of 64 MB), 0 refused"), lines.toString());
    }

    @Test
    void checkReferencesNamesAnUnreadableFileAndExitsWithOne() throws Exception {
        Path dir = tmp.resolve("set");
        Files.createDirectories(dir);
        Files.copy(Fixtures.pydicom("CT_small.dcm"), dir.resolve("ct.dcm"));
        Files.copy(Fixtures.pydicom("rtplan_truncated.dcm"), dir.resolve("broken.dcm"));
        Run r = run("check-references", dir.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("broken.dcm: not readable as DICOM"), r.out());
        assertFalse(r.out().contains("ct.dcm"), "the readable CT references nothing outside: " + r.out());
        assertTrue(r.err().contains("1 unreadable file(s)"), r.err());
    }

    @Test
    void filesInProgressOfAProcessThatDiedAreRemovedAndNoneIsLeftAfterARun() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        long dead = 2_147_483_000L;
        assertFalse(ProcessHandle.of(dead).isPresent(), "no process " + dead);
        Path stale = out.resolve(".2.25.1.dcm." + dead + "-7.part");
        Path live = out.resolve(".2.25.2.dcm." + ProcessHandle.current().pid() + "-7.part");
        Path other = out.resolve(".notes.part");
        for (Path p : List.of(stale, live, other)) {
            Files.writeString(p, "half");
        }
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.copy(Fixtures.pydicom("CT_small.dcm"), in.resolve("a.dcm"));
        Files.copy(Fixtures.pydicom("MR_truncated.dcm"), in.resolve("b.dcm"));
        Run r = run("deidentify", "--key-file", key().toString(), "--patient-id", "PID-1", "--patient-name", "PID-1",
                "--out", out.toString(), in.toString());
        assertEquals(1, r.code(), r.err());
        assertFalse(Files.exists(stale), "the dead process's half-written file is removed");
        assertTrue(Files.exists(live), "a running process's file in progress is left to it");
        assertTrue(Files.exists(other), "files that are not ours are left alone");
        Files.delete(live);
        Files.delete(other);
        try (var s = Files.list(out)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.get(0).startsWith("2.25.") && names.get(0).endsWith(".dcm"), names.toString());
        }
    }

    private Path key() throws Exception {
        Path k = tmp.resolve("project.key");
        Files.write(k, Fixtures.KEY);
        return k;
    }

    @Test
    void deidentifiesAFolderNamesOutputsByNewUidAndRefusesAnotherPatient() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve("sub"));
        Files.copy(Fixtures.pydicom("CT_small.dcm"), in.resolve("a.dcm"));
        Files.copy(Fixtures.pydicom("MR_small.dcm"), in.resolve("sub/b.dcm")); // another patient
        Files.copy(Fixtures.pydicom("MR_truncated.dcm"), in.resolve("sub/c.dcm")); // damaged
        Files.writeString(in.resolve("README.txt"), "not DICOM");
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("earlier.dcm"), "output of an earlier run");
        Path manifest = tmp.resolve("m/manifest.jsonl");
        Run r = run("deidentify", "--key-file", key().toString(), "--patient-id", "PID-1", "--patient-name", "PID-1",
                "--option", "RetainLongitudinalModifiedDates", "--option", "RetainSafePrivate",
                "--manifest", manifest.toString(), "--out", out.toString(), in.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("refused: b.dcm: Patient ID (0010,0020) is not the expected patient's"), r.err());
        assertTrue(r.err().contains("c.dcm") && r.err().contains("offset"), r.err());
        assertTrue(r.err().matches("(?s).*progress: 3/3 files \\(\\d+ of \\d+ MB\\), 2 refused, \\d+ s.*"), r.err());
        assertFalse(r.err().contains("CompressedSamples"), "no patient data on stderr");
        String newUid = new org.rpb.pacs.deident.uid.UidRemapper(Fixtures.KEY)
                .remap("1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322");
        assertTrue(Files.exists(out.resolve(newUid + ".dcm")));
        assertEquals("output of an earlier run", Files.readString(out.resolve("earlier.dcm")));
        try (var s = Files.list(out)) {
            assertEquals(2, s.count(), "one output, the earlier file, nothing half-written");
        }
        List<String> lines = Files.readAllLines(manifest);
        assertTrue(lines.size() > 20);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"instance\":\"" + newUid + "\"")));
        String cw = Files.readString(tmp.resolve("m/manifest.jsonl.crosswalk.jsonl"));
        assertTrue(cw.contains("{\"kind\":\"patient\",\"old\":\"1CT1\",\"new\":\"PID-1\"}"), cw);
        assertFalse(r.err().contains("1CT1"), "no original Patient ID on stderr");

        // scan: the input holds the identifiers, the output does not
        Path phi = tmp.resolve("phi.txt");
        Files.writeString(phi, "CompressedSamples^CT1\n1CT1\n");
        Run hit = run("scan", "--phi", phi.toString(), in.resolve("a.dcm").toString());
        assertEquals(1, hit.code());
        assertTrue(hit.out().contains("(0010,0010): identifier #1"), hit.out());
        Files.delete(out.resolve("earlier.dcm"));
        Run clean = run("scan", "--phi", phi.toString(), out.toString());
        assertEquals(0, clean.code(), clean.out());
        assertEquals("", clean.out());
    }

    @Test
    void dryRunWritesTheManifestButNoFile() throws Exception {
        Path out = tmp.resolve("out");
        Path manifest = tmp.resolve("manifest.jsonl");
        Run r = run("deidentify", "--key-file", key().toString(), "--patient-id", "P", "--patient-name", "P",
                "--dry-run", "--manifest", manifest.toString(), "--out", out.toString(),
                Fixtures.pydicom("CT_small.dcm").toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(out) && out.toFile().list().length > 0);
        assertTrue(Files.readAllLines(manifest).size() > 20);
    }

    @Test
    void threadsSetsTheFilesAtOnceAndRefusesLessThanOne() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.copy(Fixtures.pydicom("CT_small.dcm"), in.resolve("a.dcm"));
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        for (Path out : List.of(one, two)) {
            Run r = run("deidentify", "--key-file", key().toString(), "--patient-id", "P", "--patient-name", "P",
                    "--threads", out == one ? "1" : "2", "--out", out.toString(), in.toString());
            assertEquals(0, r.code(), r.err());
        }
        // the same output whatever the number of threads
        List<Path> outs = Fixtures.dicomFiles(one);
        assertEquals(1, outs.size());
        Path same = two.resolve(outs.get(0).getFileName());
        assertArrayEquals(Files.readAllBytes(outs.get(0)), Files.readAllBytes(same));
        Run bad = run("deidentify", "--key-file", key().toString(), "--patient-id", "P", "--patient-name", "P",
                "--threads", "0", "--out", tmp.resolve("none").toString(), in.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--threads must be at least 1, was 0"), bad.err());
    }

    @Test
    void anotherTableIsUsedWithProfileFile() throws Exception {
        Path table = tmp.resolve("table-2025a.json");
        Files.writeString(table, "[{\"tag\":\"(0010,0010)\",\"name\":\"Patient's Name\",\"basicProfile\":\"Z\"},"
                + "{\"tag\":\"(0008,0018)\",\"name\":\"SOP Instance UID\",\"basicProfile\":\"U\"}]");
        Path out = tmp.resolve("out");
        Run r = run("deidentify", "--key-file", key().toString(), "--patient-id", "P", "--patient-name", "P",
                "--profile", table.toString(), "--out", out.toString(), Fixtures.pydicom("CT_small.dcm").toString());
        assertEquals(0, r.code(), r.err());
        org.rpb.pacs.core.data.DataSet ds = Fixtures.read(Fixtures.dicomFiles(out).get(0));
        assertEquals("PS3.15 E.1-1 table-2025a.json basic", ds.getString(Tag.of(0x00120063)));
        assertEquals("GE MEDICAL SYSTEMS", ds.getString(Tag.of(0x00080070)));
        Files.writeString(table, "[{\"tag\":\"(0010,0010)\",\n \"basicProfile\":\"Q\"}]");
        Run bad = run("deidentify", "--key-file", key().toString(), "--patient-id", "P", "--patient-name", "P",
                "--profile", table.toString(), "--out", out.toString(), Fixtures.pydicom("CT_small.dcm").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("line 1"), bad.err());
    }

    @Test
    void badUsageExitsWithTwo() throws Exception {
        Path ct = Fixtures.pydicom("CT_small.dcm");
        assertEquals(2, run().code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("deidentify", "--patient-id", "P", "--patient-name", "P", "--out", "x", ct.toString()).code());
        Path shortKey = tmp.resolve("short.key");
        Files.write(shortKey, new byte[15]);
        Run r = run("deidentify", "--key-file", shortKey.toString(), "--patient-id", "P", "--patient-name", "P",
                "--out", tmp.resolve("o").toString(), ct.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("at least 16"), r.err());
        r = run("deidentify", "--key-file", key().toString(), "--patient-id", "P", "--patient-name", "P",
                "--option", "RetainNothing", "--out", tmp.resolve("o").toString(), ct.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("RetainSafePrivate"), r.err());
        Path rules = tmp.resolve("rules.json");
        Files.writeString(rules, "{\n  \"rules\": [\n    {\"path\": \"PatientID\", \"action\": \"explode\"}\n  ]\n}\n");
        r = run("deidentify", "--key-file", key().toString(), "--patient-id", "P", "--patient-name", "P",
                "--rules", rules.toString(), "--out", tmp.resolve("o").toString(), ct.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 3: unknown action \"explode\""), r.err());
        assertEquals(2, run("scan", tmp.toString()).code());
        assertEquals(2, run("check-references").code());
    }

    @Test
    void checkReferencesExitsWithOneForAnOpenSetAndZeroForAClosedOne() throws Exception {
        Path out = tmp.resolve("out");
        Run d = run("deidentify", "--key-file", key().toString(), "--patient-id", "P", "--patient-name", "P",
                "--out", out.toString(), Fixtures.pydicom("rtstruct.dcm").toString());
        assertEquals(0, d.code(), d.err());
        Run c = run("check-references", out.toString());
        assertEquals(1, c.code());
        assertTrue(c.out().contains("frame-of-reference") && c.out().contains("series"), c.out());
        Path ct = tmp.resolve("ct");
        run("deidentify", "--key-file", key().toString(), "--patient-id", "P", "--patient-name", "P",
                "--out", ct.toString(), Fixtures.pydicom("CT_small.dcm").toString());
        assertEquals(0, run("check-references", ct.toString()).code());
    }
}
