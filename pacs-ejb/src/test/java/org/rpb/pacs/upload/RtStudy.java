package org.rpb.pacs.upload;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Writes the CT + RT study of scripts/testdata/make_rt_study.py for the tests of this feature. */
public final class RtStudy {

    private RtStudy() {
    }

    /**
     * @param out         the folder to write into
     * @param patientId   the planted Patient ID
     * @param patientName the planted Patient's Name
     * @param slices      the number of CT slices
     */
    public static void write(Path out, String patientId, String patientName, int slices)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", "../scripts/testdata/make_rt_study.py",
                "--out", out.toString(), "--patient-id", patientId, "--patient-name", patientName,
                "--sex", "F", "--birth-date", "19580214", "--slices", Integer.toString(slices))
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "the generator failed (needs /usr/bin/python3 with python3-pydicom: apt-get install python3-pydicom): "
                        + text);
    }
}
