package org.rpb.pacs.download;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.node.ArchiveUnavailableException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.security.Roles;

/**
 * Downloads of the de-identified studies the module recorded, as ZIPs streamed from the research PACS. Only
 * records of the caller's active study and site are served, and every download is audited before it starts.
 */
@Stateless
@RolesAllowed(Roles.PACS_DOWNLOAD)
public class DownloadService {

    @EJB
    private StudyRecordService records;

    @EJB
    private ResearchArchiveLocator archives;

    /**
     * Writes a recorded study, or one of its series, as a ZIP.
     *
     * @param recordId  the study record
     * @param seriesUid one of its series, or null for the whole study
     * @param out       where the ZIP goes (finished, not closed)
     * @return the number of files written
     * @throws NotInScopeException   when the record (or series) is not in the active study and site
     * @throws ArchiveUnavailableException when the research PACS fails
     * @throws IOException           when writing fails or the archive no longer holds the study
     * @throws NoActiveScopeException when the caller has no study
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int stream(long recordId, String seriesUid, OutputStream out)
            throws NotInScopeException, ArchiveUnavailableException, IOException, NoActiveScopeException {
        StudyRecord r = records.recordDownload(recordId, seriesUid);
        if (seriesUid != null && r.series().stream().noneMatch(s -> s.seriesInstanceUid().equals(seriesUid))) {
            throw new NotInScopeException("Series");
        }
        StudyZipStreamer streamer = new StudyZipStreamer(archives.archive(), tempParent());
        try {
            return seriesUid == null ? streamer.streamStudy(r.studyInstanceUid(), out)
                    : streamer.streamSeries(r.studyInstanceUid(), seriesUid, out);
        } catch (DicomNetworkException e) {
            throw new ArchiveUnavailableException("the research PACS", e);
        }
    }

    /**
     * @param recordId a study record
     * @return the record, if it is in the active study and site
     * @throws NoActiveScopeException when the caller has no study
     */
    public StudyRecord record(long recordId) throws NoActiveScopeException, NotInScopeException {
        return records.study(recordId).orElseThrow(() -> new NotInScopeException("Study record"));
    }

    private static Path tempParent() {
        return Path.of(System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir")), "pacs-download");
    }
}
