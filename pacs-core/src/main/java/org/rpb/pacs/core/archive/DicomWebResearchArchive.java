package org.rpb.pacs.core.archive;

import org.rpb.pacs.core.dict.Tags;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.net.SeriesResult;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StudyResult;
import org.rpb.pacs.core.net.dicomweb.DicomWebClient;

/** The research archive over DICOMweb: STOW-RS, QIDO-RS and WADO-RS. */
final class DicomWebResearchArchive implements ResearchArchive {
    private final DicomWebClient client;

    DicomWebResearchArchive(PacsNode node) {
        this.client = DicomNetwork.dicomWeb(node);
    }

    @Override
    public String describe() {
        return "DICOMweb " + client.baseUrl();
    }

    @Override
    public StoreResult store(Collection<Path> files) throws DicomNetworkException {
        return client.store(files);
    }

    @Override
    public List<StudyResult> studiesOfPatient(String patientId) throws DicomNetworkException {
        return client.searchStudies(FindQuery.builder(QueryLevel.STUDY).patientId(patientId).build())
                .stream().map(StudyResult::of).toList();
    }

    @Override
    public List<SeriesResult> seriesOfStudy(String studyInstanceUid) throws DicomNetworkException {
        return client.searchSeries(FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(studyInstanceUid).build())
                .stream().map(SeriesResult::of).toList();
    }

    @Override
    public List<Path> fetchStudy(String studyInstanceUid, Path folder) throws DicomNetworkException {
        return client.retrieveStudy(studyInstanceUid, folder);
    }

    @Override
    public List<Path> fetchSeries(String studyInstanceUid, String seriesInstanceUid, Path folder) throws DicomNetworkException {
        return client.retrieveSeries(studyInstanceUid, seriesInstanceUid, folder);
    }

    @Override
    public Set<String> missing(String studyInstanceUid, Collection<String> sopInstanceUids) throws DicomNetworkException {
        return Verification.missing(this::sopInstanceUids, studyInstanceUid, null, sopInstanceUids);
    }

    @Override
    public Set<String> missing(String studyInstanceUid, String seriesInstanceUid, Collection<String> sopInstanceUids)
            throws DicomNetworkException {
        return Verification.missing(this::sopInstanceUids, studyInstanceUid, seriesInstanceUid, sopInstanceUids);
    }

    private List<String> sopInstanceUids(FindQuery q) throws DicomNetworkException {
        return client.searchInstances(q).stream().map(m -> m.get(Tags.SOPInstanceUID.value())).toList();
    }
}
