package org.rpb.pacs.core.archive;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.dict.Tags;

/**
 * The instance-level query both archives verify with: one query of the study or of one series, asking
 * only for what is compared (the SOP class is left out: a PACS may have to read every file for it). A few
 * instances (a batch of an upload, up to {@value #LISTED}) are asked for by their UIDs (list of UID matching),
 * so that verifying batch after batch of a growing series does not read the whole series back each time.
 */
final class Verification {
    /**
     * The most SOP Instance UIDs named in one query: their list (about 45 bytes per UID) stays a small query
     * element and, over DICOMweb, a short URL.
     */
    static final int LISTED = 64;

    private Verification() {
    }

    /** How an archive runs an IMAGE-level query. */
    @FunctionalInterface
    interface Search {
        /** @param q the query @return the SOP Instance UIDs found @throws DicomNetworkException on failure */
        Collection<String> sopInstanceUids(FindQuery q) throws DicomNetworkException;
    }

    /**
     * @param search the archive's query
     * @param study the study
     * @param series one series of it, or null for the whole study
     * @param wanted the SOP Instance UIDs that must be there
     * @return those not found
     * @throws DicomNetworkException if the query fails
     */
    static Set<String> missing(Search search, String study, String series, Collection<String> wanted)
            throws DicomNetworkException {
        if (wanted.isEmpty()) {
            return new LinkedHashSet<>();
        }
        FindQuery.Builder q = FindQuery.builder(QueryLevel.IMAGE).studyInstanceUid(study);
        if (series != null) {
            q.seriesInstanceUid(series);
        }
        if (wanted.size() <= LISTED) {
            q.sopInstanceUid(String.join("\\", new LinkedHashSet<>(wanted)));
        }
        Set<String> present = new HashSet<>(search.sopInstanceUids(q.withoutReturnKey(Tags.SOPClassUID.value()).build()));
        Set<String> missing = new LinkedHashSet<>(wanted);
        missing.removeAll(present);
        return missing;
    }
}
