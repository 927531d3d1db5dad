package org.rpb.pacs.core.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The real peers the codec tests compare against: pydicom's data files, pydicom itself, dcmtk's dcmdump. */
final class Peers {

    static final Path PYDICOM_DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path DCMDUMP = Path.of("/usr/bin/dcmdump");

    private Peers() {
    }

    /** The 94 *.dcm files shipped by Debian's python3-pydicom, sorted by path. */
    static List<Path> pydicomFiles() throws IOException {
        assertTrue(Files.isDirectory(PYDICOM_DATA),
                "pydicom test data missing: install it with 'apt-get install python3-pydicom'");
        try (Stream<Path> s = Files.walk(PYDICOM_DATA)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted().collect(Collectors.toList());
        }
    }

    static Path testFile(String name) {
        return PYDICOM_DATA.resolve("test_files").resolve(name);
    }

    static Path charsetFile(String name) {
        return PYDICOM_DATA.resolve("charset_files").resolve(name);
    }

    /** Runs a command with a bounded wait; returns stdout. Fails the test on a non-zero exit status. */
    static String run(List<String> command, String stdin, long timeoutSeconds) throws IOException, InterruptedException {
        Result r = runRaw(command, stdin, timeoutSeconds);
        if (r.status != 0) {
            fail(String.join(" ", command.subList(0, Math.min(2, command.size()))) + " exited with " + r.status
                    + ": " + r.stderr);
        }
        return r.stdout;
    }

    static final class Result {
        final int status;
        final String stdout;
        final String stderr;

        Result(int status, String stdout, String stderr) {
            this.status = status;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    static Result runRaw(List<String> command, String stdin, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("peer", ".out");
        Path err = Files.createTempFile("peer", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(command.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            // dcmdump prints raw bytes of text values: read as ISO 8859-1 unless the peer speaks UTF-8 (Python's JSON is ASCII)
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static void requirePython() {
        assertTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 missing: apt-get install python3 python3-pydicom");
    }

    static void requireDcmdump() {
        assertTrue(Files.isExecutable(DCMDUMP), "dcmdump missing: install it with 'apt-get install dcmtk'");
    }
}
