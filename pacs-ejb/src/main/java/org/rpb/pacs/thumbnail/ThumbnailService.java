package org.rpb.pacs.thumbnail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.download.ResearchArchiveLocator;
import org.rpb.pacs.node.ArchiveUnavailableException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.security.Roles;

/**
 * Thumbnails of the series of recorded studies: the series is fetched from the research PACS into a temporary
 * folder, its middle instance (by Instance Number) is rendered and the folder is deleted. Only records of the
 * caller's active study and site are served.
 */
@Stateless
@RolesAllowed(Roles.PACS_USER)
public class ThumbnailService {

    /** The edge of the square thumbnails fit into. */
    public static final int SIZE = 128;

    @EJB
    private StudyRecordService records;

    @EJB
    private ResearchArchiveLocator archives;

    /**
     * @param recordId  a study record of the active study and site
     * @param seriesUid one of its series
     * @return the series' thumbnail
     * @throws NotInScopeException           when the record or series is not in the active study and site
     * @throws ArchiveUnavailableException   when the research PACS does not answer
     * @throws ThumbnailUnavailableException when it returns no instance of the series, or the one chosen cannot
     *                                       be read
     * @throws NoActiveScopeException        when the caller has no study
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Thumbnail thumbnail(long recordId, String seriesUid) throws NotInScopeException,
            ArchiveUnavailableException, ThumbnailUnavailableException, NoActiveScopeException {
        StudyRecord r = records.study(recordId).orElseThrow(() -> new NotInScopeException("Study record"));
        if (r.series().stream().noneMatch(s -> s.seriesInstanceUid().equals(seriesUid))) {
            throw new NotInScopeException("Series");
        }
        try {
            return render(r.studyInstanceUid(), seriesUid);
        } catch (DicomNetworkException e) {
            throw new ArchiveUnavailableException("the research PACS", e);
        } catch (IOException e) {
            throw new ThumbnailUnavailableException("series " + seriesUid + " could not be read from the research PACS",
                    e);
        }
    }

    private Thumbnail render(String studyUid, String seriesUid) throws DicomNetworkException, IOException,
            ThumbnailUnavailableException {
        Path parent = Path.of(System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir")),
                "pacs-thumbnails");
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "series-");
        try {
            List<Path> files = archives.archive().fetchSeries(studyUid, seriesUid, dir);
            if (files.isEmpty()) {
                throw new ThumbnailUnavailableException("the research PACS returned no instance of series "
                        + seriesUid, null);
            }
            DicomReader reader = DicomReader.create();
            List<Object[]> numbered = new ArrayList<>();
            for (Path f : files) {
                HeaderSummary h = reader.readHeaderSummary(f);
                numbered.add(new Object[] {number(h.instanceNumber()), f});
            }
            numbered.sort(Comparator.comparingInt(o -> (Integer) o[0]));
            return ThumbnailRenderer.ofSize(SIZE).render((Path) numbered.get(numbered.size() / 2)[1]);
        } finally {
            FileTrees.delete(dir);
        }
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
