package org.rpb.pacs.core.archive;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.core.net.Operation;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.net.RetrieveResult;
import org.rpb.pacs.core.net.SeriesResult;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StoreSession;
import org.rpb.pacs.core.net.StudyResult;

/**
 * The research archive over DIMSE: C-STORE, C-FIND, and C-GET with the presentation contexts of the
 * SOP classes an IMAGE-level C-FIND reports (so no receiver port is needed).
 */
final class DimseResearchArchive implements ResearchArchive {
    private final DimseClient client;

    DimseResearchArchive(PacsNode node) {
        this.client = DicomNetwork.dimse(node);
    }

    @Override
    public String describe() {
        return "DIMSE " + client.node().describe();
    }

    @Override
    public StoreResult store(Collection<Path> files) throws DicomNetworkException {
        return client.store(files);
    }

    @Override
    public List<StudyResult> studiesOfPatient(String patientId) throws DicomNetworkException {
        return client.findStudies(FindQuery.builder(QueryLevel.STUDY).patientId(patientId).build());
    }

    @Override
    public List<SeriesResult> seriesOfStudy(String studyInstanceUid) throws DicomNetworkException {
        return client.findSeries(FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(studyInstanceUid).build());
    }

    @Override
    public List<Path> fetchStudy(String studyInstanceUid, Path folder) throws DicomNetworkException {
        FindQuery instances = FindQuery.builder(QueryLevel.IMAGE).studyInstanceUid(studyInstanceUid).build();
        return fetch(instances, FindQuery.builder(QueryLevel.STUDY).studyInstanceUid(studyInstanceUid).build(), folder);
    }

    @Override
    public List<Path> fetchSeries(String studyInstanceUid, String seriesInstanceUid, Path folder) throws DicomNetworkException {
        FindQuery instances = FindQuery.builder(QueryLevel.IMAGE).studyInstanceUid(studyInstanceUid)
                .seriesInstanceUid(seriesInstanceUid).build();
        return fetch(instances, FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(studyInstanceUid)
                .seriesInstanceUid(seriesInstanceUid).build(), folder);
    }

    private List<Path> fetch(FindQuery instanceQuery, FindQuery retrieve, Path folder) throws DicomNetworkException {
        List<InstanceResult> found = client.findInstances(instanceQuery);
        Set<String> classes = found.stream().map(InstanceResult::sopClassUid).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        RetrieveResult r = client.get(retrieve, classes, folder, p -> { }, CancelToken.create());
        if (r.files().size() < found.size() || r.failed() > 0) {
            throw new DicomNetworkException(client.node().describe(), Operation.GET, r.status(),
                    "received " + r.files().size() + " of " + found.size() + " instances (" + r.describe() + ")", null);
        }
        if (!DicomStatus.isSuccess(r.status()) && !DicomStatus.isWarning(r.status())) {
            throw new DicomNetworkException(client.node().describe(), Operation.GET, r.status(), r.describe(), null);
        }
        return r.files();
    }

    @Override
    public StoreSession openStore() {
        return client.openStore();
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
        return client.findInstances(q).stream().map(InstanceResult::sopInstanceUid).toList();
    }
}
