package org.rpb.pacs.core.archive;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.SeriesResult;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StoreSession;
import org.rpb.pacs.core.net.StudyResult;

/**
 * The research PACS as the services use it: store a set of files, list what a patient (PID) has,
 * fetch a study or series into a folder, verify that a set of instances is all there. Obtain one from
 * {@link ResearchArchives#open(ArchiveConfig)}; the configuration picks DIMSE or DICOMweb.
 * Implementations are thread-safe.
 */
public interface ResearchArchive {

    /** @return a description of the archive (node or URL) for messages */
    String describe();

    /**
     * Stores files as encoded.
     *
     * @param files Part 10 files
     * @return one outcome per file
     * @throws DicomNetworkException if the archive cannot be reached or the transfer breaks
     */
    StoreResult store(Collection<Path> files) throws DicomNetworkException;

    /**
     * @param patientId the patient's ID (PID) in the archive
     * @return the patient's studies
     * @throws DicomNetworkException on failure
     */
    List<StudyResult> studiesOfPatient(String patientId) throws DicomNetworkException;

    /**
     * @param studyInstanceUid a study
     * @return its series
     * @throws DicomNetworkException on failure
     */
    List<SeriesResult> seriesOfStudy(String studyInstanceUid) throws DicomNetworkException;

    /**
     * Fetches a study into a folder as checked Part 10 files named by SOP Instance UID.
     *
     * @param studyInstanceUid the study
     * @param folder           the target folder
     * @return the files
     * @throws DicomNetworkException on failure, or if fewer instances arrived than the archive reported
     */
    List<Path> fetchStudy(String studyInstanceUid, Path folder) throws DicomNetworkException;

    /**
     * Fetches a series into a folder.
     *
     * @param studyInstanceUid  its study
     * @param seriesInstanceUid the series
     * @param folder            the target folder
     * @return the files
     * @throws DicomNetworkException on failure
     */
    List<Path> fetchSeries(String studyInstanceUid, String seriesInstanceUid, Path folder) throws DicomNetworkException;

    /**
     * Which of the given instances of a study the archive does not hold: one instance-level query, naming the
     * instances when they are few (up to 64: list of UID matching), else of the whole study.
     *
     * @param studyInstanceUid the study they belong to
     * @param sopInstanceUids  the instances that must be there
     * @return the missing ones; empty when all are present
     * @throws DicomNetworkException on failure
     */
    Set<String> missing(String studyInstanceUid, Collection<String> sopInstanceUids) throws DicomNetworkException;

    /**
     * Which of the given instances of one series the archive does not hold: one instance-level query of
     * that series, however many instances are asked about (a job verifies a whole series with it), naming the
     * instances when they are few (up to 64: list of UID matching), so that a batch of a large series is
     * answered for its own instances only.
     *
     * @param studyInstanceUid  the study of the series
     * @param seriesInstanceUid the series they belong to
     * @param sopInstanceUids   the instances that must be there
     * @return the missing ones; empty when all are present
     * @throws DicomNetworkException on failure
     */
    Set<String> missing(String studyInstanceUid, String seriesInstanceUid, Collection<String> sopInstanceUids)
            throws DicomNetworkException;

    /**
     * A session that stores files one at a time, for a job that streams instances: over DIMSE the
     * associations stay open until the session is closed. Not thread-safe: one session per thread.
     *
     * @return a new session
     */
    default StoreSession openStore() {
        return new StoreSession() {
            @Override
            public StoreResult.Instance store(Path file) throws DicomNetworkException {
                return ResearchArchive.this.store(List.of(file)).instances().get(0);
            }

            @Override
            public void close() {
                // nothing held between files
            }
        };
    }

    /**
     * @return true if every given instance is in the archive
     * @throws DicomNetworkException on failure
     */
    default boolean containsAll(String studyInstanceUid, Collection<String> sopInstanceUids) throws DicomNetworkException {
        return missing(studyInstanceUid, sopInstanceUids).isEmpty();
    }
}
