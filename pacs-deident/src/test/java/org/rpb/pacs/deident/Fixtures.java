package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;

/** Shared test helpers: pydicom's real files, a project key, external checkers. */
final class Fixtures {

    static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final byte[] KEY = "project-key-for-tests-0123456789".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_KEY = "another-project-key-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);

    private Fixtures() {
    }

    static Path pydicom(String name) {
        Path p = PYDICOM.resolve(name);
        if (!Files.exists(p)) {
            fail("pydicom test file " + p + " missing: install it with 'apt-get install python3-pydicom'");
        }
        return p;
    }

    static DataSet read(Path p) throws IOException {
        return DicomReader.create().read(p).dataSet();
    }

    static DicomFile readFile(Path p) throws IOException {
        return DicomReader.create().read(p);
    }

    static SubjectContext ctx() {
        return SubjectContext.builder("PID-0042", "SUBJECT^0042").build();
    }

    /** Runs a command with a bounded wait; returns stdout+stderr; exit code in [0] of codeOut. */
    static String run(int[] codeOut, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail(cmd[0] + " is not installed: " + e.getMessage()
                    + " (apt-get install dicom3tools python3-pydicom dcmtk)");
            return null;
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd[0] + " did not finish in 120 s");
        if (codeOut != null) {
            codeOut[0] = p.exitValue();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** pydicom reads every file; returns its output (one line per file: name and element count). */
    static String pydicomReadsAll(List<Path> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c",
                "import sys, pydicom\n"
                        + "for f in sys.argv[1:]:\n"
                        + "    d = pydicom.dcmread(f)\n"
                        + "    n = sum(1 for _ in d.iterall())\n"
                        + "    _ = d.PixelData if 'PixelData' in d else None\n"
                        + "    print('OK', n)\n"));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        int[] code = new int[1];
        String out = run(code, cmd.toArray(new String[0]));
        if (code[0] != 0) {
            fail("pydicom could not read the output: " + out);
        }
        return out;
    }

    static List<Path> dicomFiles(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }
}
