package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** The packaged tool: {@code java -jar target/pacs-deident-cli.jar} with its dependencies inside. */
@Tag("external")
class CliJarIT {

    @TempDir
    Path tmp;

    @Test
    void theShadedJarRunsWithJavaDashJar() throws Exception {
        Path jar = Path.of("target/pacs-deident-cli.jar");
        assertTrue(Files.exists(jar), "run mvn package first: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path key = tmp.resolve("k");
        Files.write(key, Fixtures.KEY);
        Path out = tmp.resolve("out");
        int[] code = new int[1];
        String log = Fixtures.run(code, java, "-jar", jar.toString(), "deidentify", "--key-file", key.toString(),
                "--patient-id", "PID-1", "--patient-name", "PID-1", "--option", "RetainLongitudinalModifiedDates",
                "--out", out.toString(), Fixtures.pydicom("CT_small.dcm").toString());
        assertEquals(0, code[0], log);
        assertTrue(log.contains("1 of 1 files de-identified"), log);
        assertEquals(1, Fixtures.dicomFiles(out).size());
        Path phi = tmp.resolve("phi.txt");
        Files.writeString(phi, "CompressedSamples^CT1\n1CT1\n");
        Fixtures.run(code, java, "-jar", jar.toString(), "scan", "--phi", phi.toString(), out.toString());
        assertEquals(0, code[0]);
        String hits = Fixtures.run(code, java, "-jar", jar.toString(), "scan", "--phi", phi.toString(),
                Fixtures.pydicom("CT_small.dcm").toString());
        assertEquals(1, code[0], hits);
        Fixtures.run(code, java, "-jar", jar.toString(), "check-references", out.toString());
        assertEquals(0, code[0]);
        Fixtures.run(code, java, "-jar", jar.toString(), "deidentify");
        assertEquals(2, code[0]);
    }

    @Test
    void theLauncherUsesTheClassDataSharingArchiveThePackageRecorded() throws Exception {
        Path jar = Path.of("target/pacs-deident-cli.jar").toAbsolutePath();
        Path jsa = Path.of("target/pacs-deident-cli.jsa").toAbsolutePath();
        assertTrue(Files.exists(jsa), "mvn package records the archive: " + jsa);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // -Xshare:on fails instead of starting without the archive when it does not match the jar and the JDK
        int[] code = new int[1];
        String log = Fixtures.run(code, java, "-Xshare:on", "-XX:SharedArchiveFile=" + jsa, "-Xlog:class+load=info",
                "-jar", jar.toString(), "--help");
        assertEquals(0, code[0], log);
        assertTrue(log.contains("org.rpb.pacs.deident.cli.DeidentTool source: shared objects file (top)"), log);
        // the launcher finds the jar and its archive beside it, and runs the tool
        Path key = tmp.resolve("k");
        Files.write(key, Fixtures.KEY);
        String run = Fixtures.run(code, Path.of("bin/pacs-deident").toAbsolutePath().toString(), "deidentify",
                "--key-file", key.toString(), "--patient-id", "PID-1", "--patient-name", "PID-1",
                "--out", tmp.resolve("out").toString(), Fixtures.pydicom("CT_small.dcm").toString());
        assertEquals(0, code[0], run);
        assertTrue(run.contains("1 of 1 files de-identified"), run);
    }
}
