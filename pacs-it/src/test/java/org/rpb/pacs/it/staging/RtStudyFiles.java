package org.rpb.pacs.it.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A CT + RTSTRUCT + RTPLAN + RTDOSE study written by {@code scripts/testdata/make_rt_study.py} (pydicom). */
public final class RtStudyFiles {
    private RtStudyFiles() {
    }

    /**
     * @param out the folder to write into
     * @param patientId the Patient ID of the files (a Study0 patient's HIS patient ID)
     * @param patientName the Patient's Name
     * @param slices CT slices
     * @param seed makes the UIDs differ from other tests' studies
     * @return the files written
     */
    public static List<Path> write(Path out, String patientId, String patientName, int slices, String seed)
            throws IOException, InterruptedException {
        return generate(out, "--patient-id", patientId, "--patient-name", patientName, "--slices",
                Integer.toString(slices), "--seed", seed);
    }

    /**
     * Runs the script with {@code --out out} and the given options (see its {@code --help}: patient ID and name,
     * sex, birth date, slices, seed).
     *
     * @param out the folder to write into
     * @param options the script's options after {@code --out}
     * @return the files written, sorted by name
     * @throws IOException if the script is missing, fails (its output in the message) or takes more than 300 s
     */
    public static List<Path> generate(Path out, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script().toString(), "--out", out.toString()));
        command.addAll(List.of(options));
        run(command);
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /**
     * @return {@code scripts/testdata/make_rt_study.py}, found from the working folder (the build's pacs-it folder,
     *     also the server's)
     * @throws IOException if it is not above the working folder
     */
    public static Path script() throws IOException {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("scripts/testdata/make_rt_study.py");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("scripts/testdata/make_rt_study.py not found above " + System.getProperty("user.dir"));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("make_rt_study.py did not finish in 300 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("make_rt_study.py failed (needs apt-get install python3-pydicom): " + new String(out));
        }
    }
}
