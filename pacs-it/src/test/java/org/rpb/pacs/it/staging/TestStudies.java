package org.rpb.pacs.it.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rpb.pacs.core.net.testing.OrthancServer;


/**
 * CT studies of many instances for the job tests, written by {@code scripts/testdata/make_ct_series.py}
 * (pydicom's CT_small.dcm with new UIDs) and loaded into an Orthanc.
 */
final class TestStudies {

    private TestStudies() {
    }

    /**
     * Writes a study and uploads it.
     *
     * @param into the Orthanc
     * @param folder where the files go
     * @param patientId the Patient ID (a Study0 patient's HIS ID)
     * @param name the Patient's Name
     * @param series how many series
     * @param instances how many instances each
     * @return the files written
     */
    static List<Path> load(OrthancServer into, Path folder, String patientId, String name, int series, int instances)
            throws IOException, InterruptedException {
        List<Path> files = write(folder, patientId, name, series, instances);
        for (Path f : files) {
            into.upload(f);
        }
        return files;
    }

    /** As {@link #load} without the upload. */
    static List<Path> write(Path folder, String patientId, String name, int series, int instances)
            throws IOException, InterruptedException {
        run(300, "/usr/bin/python3", script("make_ct_series.py").toString(), "--out", folder.toString(), "--patient-id",
                patientId, "--patient-name", name, "--series", Integer.toString(series), "--instances",
                Integer.toString(instances), "--seed", folder.toAbsolutePath().toString() + System.nanoTime());
        try (var s = Files.list(folder)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
            if (files.size() != series * instances) {
                throw new IOException("expected " + series * instances + " files in " + folder + ", found " + files.size());
            }
            return files;
        }
    }

    /** A test data script, found from the working folder (the build's pacs-it folder or the server's). */
    static Path script(String name) throws IOException {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("scripts/testdata/" + name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("scripts/testdata/" + name + " not found above " + System.getProperty("user.dir"));
    }

    /** Runs a command with a bounded wait and returns its output; a failure names the command. */
    static String run(int seconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("pacs-it-cmd-", ".out");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException(command[0] + " did not finish in " + seconds + " s");
            }
            String text = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (needs apt-get install python3-pydicom): " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
