package org.rpb.pacs.download;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.SeriesResult;

/**
 * Writes a study or a series of the research archive as a ZIP to an output stream (the HTTP response), one
 * series at a time: each series is fetched into a temporary folder, its files are copied into the ZIP and the
 * folder is deleted before the next series is fetched. Memory use does not grow with the study, and the disk
 * holds at most one series. Entries are named {@code <series number>_<modality>_<series UID>/<SOP UID>.dcm}.
 * Immutable and thread-safe.
 */
public final class StudyZipStreamer {

    private final ResearchArchive archive;
    private final Path tempParent;

    /**
     * @param archive    the research archive the files come from
     * @param tempParent the folder the per-series temporary folders are made in
     */
    public StudyZipStreamer(ResearchArchive archive, Path tempParent) {
        this.archive = Objects.requireNonNull(archive, "archive");
        this.tempParent = Objects.requireNonNull(tempParent, "tempParent");
    }

    /**
     * Streams a whole study.
     *
     * @param studyInstanceUid the study
     * @param out              where the ZIP goes; finished but not closed
     * @return the number of files written
     * @throws DicomNetworkException when the archive fails
     * @throws NotInArchiveException when the archive does not hold the study
     * @throws IOException           when writing fails (e.g. the browser went away)
     */
    public int streamStudy(String studyInstanceUid, OutputStream out) throws DicomNetworkException, IOException {
        List<SeriesResult> series = archive.seriesOfStudy(studyInstanceUid);
        if (series.isEmpty()) {
            throw new NotInArchiveException("the study " + studyInstanceUid + " is not in " + archive.describe());
        }
        return write(studyInstanceUid, series, out);
    }

    /**
     * Streams one series of a study.
     *
     * @param studyInstanceUid  its study
     * @param seriesInstanceUid the series
     * @param out               where the ZIP goes; finished but not closed
     * @return the number of files written
     * @throws DicomNetworkException when the archive fails
     * @throws NotInArchiveException when the archive does not hold the series
     * @throws IOException           when writing fails
     */
    public int streamSeries(String studyInstanceUid, String seriesInstanceUid, OutputStream out)
            throws DicomNetworkException, IOException {
        List<SeriesResult> series = archive.seriesOfStudy(studyInstanceUid).stream()
                .filter(s -> s.seriesInstanceUid().equals(seriesInstanceUid)).toList();
        if (series.isEmpty()) {
            throw new NotInArchiveException("the series " + seriesInstanceUid + " of study " + studyInstanceUid
                    + " is not in " + archive.describe());
        }
        return write(studyInstanceUid, series, out);
    }

    private int write(String studyInstanceUid, List<SeriesResult> series, OutputStream out)
            throws DicomNetworkException, IOException {
        Files.createDirectories(tempParent);
        ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
        // DICOM pixel data compresses little and slowly; a light level keeps the stream fast
        zip.setLevel(1);
        int count = 0;
        for (SeriesResult s : series) {
            Path folder = Files.createTempDirectory(tempParent, "zip-");
            try {
                List<Path> files = archive.fetchSeries(studyInstanceUid, s.seriesInstanceUid(), folder);
                String dir = String.format(Locale.ROOT, "%03d_%s_%s/", Math.max(0, s.seriesNumber()),
                        safe(s.modality()), uid(s.seriesInstanceUid()));
                for (Path f : files.stream().sorted().toList()) {
                    zip.putNextEntry(new ZipEntry(dir + fileName(f.getFileName().toString())));
                    Files.copy(f, zip);
                    zip.closeEntry();
                    count++;
                }
                zip.flush();
            } finally {
                FileTrees.delete(folder);
            }
        }
        zip.finish();
        return count;
    }

    /**
     * A UID from the archive as a ZIP entry name part: only digits and dots (a UID's characters), at most 64, so
     * that no value from the archive can make a path ({@code ../}, {@code /}) or an odd name inside the ZIP.
     */
    static String uid(String uid) {
        String digits = uid == null ? "" : uid.replaceAll("[^0-9.]", "");
        digits = digits.replaceAll("\\.{2,}", ".").replaceAll("^\\.|\\.$", "");
        digits = digits.length() > 64 ? digits.substring(0, 64) : digits;
        return digits.isEmpty() ? "unknown" : digits;
    }

    /** The entry name of a fetched file (the archive names it by its SOP Instance UID): {@code <uid>.dcm}, once. */
    static String fileName(String fetched) {
        String base = fetched.regionMatches(true, Math.max(0, fetched.length() - 4), ".dcm", 0, 4)
                ? fetched.substring(0, fetched.length() - 4) : fetched;
        return uid(base) + ".dcm";
    }

    private static String safe(String modality) {
        return modality == null || modality.isBlank() ? "OT" : modality.replaceAll("[^A-Za-z0-9]", "");
    }

    /** Lets the ZIP finish without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
