package org.rpb.pacs.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Files to de-identify, all of one patient, on the server's file system.
 *
 * @param inputFiles      absolute paths of the DICOM files (at least one), inside the active study's exchange
 *                        folder ({@link PacsDeidentification#exchangeFolder()})
 * @param outputDirectory absolute path of the folder for the results ({@code <new SOP Instance UID>.dcm}), a
 *                        sub-folder of the exchange folder, created if missing
 * @param pid             the subject's PID in the active study and site
 * @param expectedPatientId the Patient ID (0010,0020) the files carry (the hospital's patient ID); required: files
 *                        of another patient are refused, and when the portal knows the subject's hospital patient ID
 *                        it must be this one
 * @param timePoint       Clinical Trial Time Point ID to set (e.g. the event), or {@code null}
 */
public record DeidentificationRequest(List<String> inputFiles, String outputDirectory, String pid,
        String expectedPatientId, String timePoint) implements Serializable {

    public DeidentificationRequest {
        inputFiles = List.copyOf(inputFiles);
        if (inputFiles.isEmpty()) {
            throw new IllegalArgumentException("inputFiles must name at least one file");
        }
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(pid, "pid");
        if (expectedPatientId == null || expectedPatientId.isBlank()) {
            throw new IllegalArgumentException("expectedPatientId must name the patient of the files");
        }
    }
}
