package org.rpb.pacs.core.net;

import java.io.IOException;
import java.nio.file.Path;
import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;

/**
 * Checks a file that arrived over the network with the pacs-core reader (the whole file is parsed;
 * bulk data stays on disk) and returns the identifiers the receiver needs to correlate it.
 */
public final class InstanceCheck {

    /**
     * The identifiers of a checked instance.
     *
     * @param sopClassUid       SOP Class UID
     * @param sopInstanceUid    SOP Instance UID
     * @param studyInstanceUid  Study Instance UID or ""
     * @param seriesInstanceUid Series Instance UID or ""
     * @param transferSyntaxUid transfer syntax of the data set
     */
    public record Header(String sopClassUid, String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid,
                         String transferSyntaxUid) {
    }

    private InstanceCheck() {
    }

    /**
     * Parses a whole Part 10 file.
     *
     * @param file the file
     * @return its identifiers
     * @throws IOException naming file, offset and tag if it is damaged or lacks a SOP Instance UID
     */
    public static Header check(Path file) throws IOException {
        DicomFile f = DicomReader.create().read(file);
        HeaderSummary h = HeaderSummary.of(f.dataSet());
        String inst = nz(h.sopInstanceUid());
        if (inst.isEmpty()) {
            throw new IOException(file + ": no SOP Instance UID (0008,0018)");
        }
        return new Header(nz(h.sopClassUid()), inst, nz(h.studyInstanceUid()), nz(h.seriesInstanceUid()),
                f.transferSyntax().uid());
    }

    /**
     * A safe file name for an instance: its UID when it is a valid UID, else a hex rendering.
     *
     * @param sopInstanceUid the UID
     * @return {@code <uid>.dcm}
     */
    public static String fileName(String sopInstanceUid) {
        if (sopInstanceUid.matches("[0-9.]{1,64}") && !sopInstanceUid.startsWith(".")) {
            return sopInstanceUid + ".dcm";
        }
        StringBuilder sb = new StringBuilder("x");
        for (byte b : sopInstanceUid.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", b));
        }
        return sb + ".dcm";
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }
}
