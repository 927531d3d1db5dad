package org.rpb.pacs.lookup;

import org.rpb.pacs.core.dict.Tags;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.FindMatch;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.net.SeriesResult;
import org.rpb.pacs.core.net.StudyResult;
import org.rpb.pacs.core.rt.InstanceReferences;
import org.rpb.pacs.core.rt.ReferenceGraph;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.receiver.ModuleReceiver;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.staging.SourcePacs;
import org.rpb.pacs.staging.job.SeriesCopy;
import org.rpb.pacs.node.ConfiguredNodes;
import org.rpb.pacs.staging.job.StagingProgressStore;
import org.rpb.pacs.staging.job.StagingRefusedException;

/**
 * One clinical study of a Study0 patient in detail, for choosing what to stage: its series (C-FIND) with
 * their Study0 and project copies from the module's records, and the RT reference tree read from the RT
 * objects, which are retrieved from the clinical PACS for that (C-MOVE to the module's receiver, or C-GET
 * when the receiver is not running) and deleted at once. Only in Study0 as the active study, and only for a
 * study the clinical PACS files under the patient's HIS patient ID.
 */
@Stateless
@RolesAllowed(Roles.PACS_LOOKUP)
@DeclareRoles({Roles.PACS_LOOKUP, Roles.PACS_UPLOAD})
public class StudyDetailService {
    private static final Logger LOG = Logger.getLogger(StudyDetailService.class.getName());
    private static final int SERIES_DATE = 0x00080021;
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(30);

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private SubjectService subjects;

    @EJB
    private StagingProgressStore records;

    @EJB
    private ModuleReceiver receiver;

    @Inject
    private ConfiguredNodes nodes;

    @Resource
    private SessionContext context;

    /**
     * Suggestions for the single-identifier lookup: the PIDs and Study0 subject IDs of the active site's
     * Study0 patients that start with what was typed (ignoring case). HIS patient IDs are never suggested,
     * though they may be typed.
     *
     * @param typed what the user typed so far
     * @param max at most this many
     * @return PIDs and subject IDs, sorted
     * @throws StagingRefusedException if the active study is not Study0
     */
    public List<String> suggestions(String typed, int max) throws StagingRefusedException {
        String prefix = typed == null ? "" : typed.trim().toLowerCase(java.util.Locale.ROOT);
        Set<String> out = new java.util.TreeSet<>();
        for (Subject s : study0Subjects()) {
            for (String id : new String[] {s.pid(), s.studySubjectId()}) {
                if (id != null && id.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)) {
                    out.add(id);
                }
            }
        }
        return out.stream().limit(Math.max(0, max)).toList();
    }

    /**
     * @param pid a Study0 patient's PID at the active site
     * @param studyInstanceUid one of the patient's clinical studies
     * @return the study's series, copies and RT references; if the RT objects cannot be retrieved or read,
     *         the series without references and the reason
     * @throws StagingRefusedException if the active study is not Study0, the PID is not a Study0 patient of
     *         the active site, the study is not one of the patient's, or the clinical PACS cannot be queried
     */
    public StudyDetail detail(String pid, String studyInstanceUid) throws StagingRefusedException {
        Subject patient = study0Subjects().stream().filter(s -> s.pid().equals(pid)).findFirst()
                .orElseThrow(() -> new StagingRefusedException("PID " + pid + " is not a Study0 patient of the active site"));
        PacsNode node = nodes.clinical();
        DimseClient clinical = DicomNetwork.dimse(node);
        StudyResult study;
        List<FindMatch> seriesMatches;
        List<InstanceResult> instances;
        try {
            // matching on the HIS patient ID too: a study UID alone must not open another patient's study
            List<StudyResult> found = clinical.findStudies(FindQuery.builder(QueryLevel.STUDY)
                    .patientId(patient.hisPatientId()).studyInstanceUid(studyInstanceUid).build());
            if (found.size() != 1) {
                throw new StagingRefusedException("the clinical PACS holds no such study of " + pid);
            }
            study = found.get(0);
            seriesMatches = clinical.find(FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(studyInstanceUid)
                    .key(SERIES_DATE, "").build());
            instances = clinical.findInstances(FindQuery.builder(QueryLevel.IMAGE).studyInstanceUid(studyInstanceUid).build());
        } catch (DicomNetworkException e) {
            throw new StagingRefusedException("the clinical PACS cannot be queried: " + e.getMessage());
        }
        List<SeriesResult> series = seriesMatches.stream().map(SeriesResult::of)
                .sorted(Comparator.comparingInt(SeriesResult::seriesNumber)).toList();
        Map<String, String> modality = new LinkedHashMap<>();
        series.forEach(s -> modality.put(s.seriesInstanceUid(), s.modality()));

        Map<String, List<InstanceResult>> rt = new LinkedHashMap<>();
        List<InstanceReferences> refs = new ArrayList<>();
        for (InstanceResult i : instances) {
            String m = modality.getOrDefault(i.seriesInstanceUid(), "");
            if (m.startsWith("RT")) {
                rt.computeIfAbsent(i.seriesInstanceUid(), k -> new ArrayList<>()).add(i);
            } else {
                // images reference nothing; their UIDs let the structure sets' contour references resolve
                refs.add(new InstanceReferences(i.sopInstanceUid(), i.seriesInstanceUid(), m, Set.of()));
            }
        }
        String referencesError = null;
        if (!rt.isEmpty()) {
            try {
                refs.addAll(new RtReferenceReader().read(source(node), studyInstanceUid, rt));
            } catch (DicomNetworkException | IOException | IllegalStateException e) {
                referencesError = "the RT objects could not be read from the clinical PACS: " + e.getMessage();
                LOG.warning("RT references of a clinical study not read: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                referencesError = "interrupted while reading the RT objects";
            }
        }
        ReferenceGraph graph = ReferenceGraph.of(refs);

        List<SeriesCopy> study0 = records.copiesOf(List.of(studyInstanceUid)).stream()
                .filter(c -> c.target().equals("STUDY0")).toList();
        Set<String> study0Studies = new LinkedHashSet<>();
        study0.forEach(c -> study0Studies.add(c.targetStudyUid()));
        List<SeriesCopy> projects = records.copiesOf(study0Studies).stream()
                .filter(c -> !c.target().equals("STUDY0")).toList();
        List<StudyDetail.Series> rows = new ArrayList<>();
        Map<String, String> dates = new java.util.HashMap<>();
        seriesMatches.forEach(m -> dates.put(m.get(Tags.SeriesInstanceUID.value()), m.get(SERIES_DATE)));
        for (SeriesResult s : series) {
            SeriesCopy c0 = study0.stream().filter(c -> c.sourceSeriesUid().equals(s.seriesInstanceUid()))
                    .findFirst().orElse(null);
            List<SeriesCopy> pc = c0 == null ? List.of()
                    : projects.stream().filter(c -> c.sourceSeriesUid().equals(c0.targetSeriesUid())).toList();
            String date = dates.get(s.seriesInstanceUid());
            Set<String> referenced = new HashSet<>(graph.referencedBy(s.seriesInstanceUid()));
            rows.add(new StudyDetail.Series(s.seriesInstanceUid(), s.modality(), s.seriesNumber(), s.seriesDescription(),
                    s.numberOfInstances(), date == null || date.isBlank() ? study.studyDate() : date, c0, pc,
                    series.stream().map(SeriesResult::seriesInstanceUid).filter(referenced::contains).toList()));
        }
        return new StudyDetail(patient.pid(), patient.studySubjectId(), studyInstanceUid, study.studyDate(),
                study.studyDescription(), study.modalitiesInStudy(), rows, referencesError);
    }

    /**
     * C-MOVE to the module's receiver, as staging jobs retrieve; C-GET when the receiver is not running, or
     * is kept for callers who may start staging jobs and this caller may only look up.
     */
    private SourcePacs source(PacsNode node) {
        boolean move = receiver.running() && context.isCallerInRole(Roles.PACS_UPLOAD);
        return move ? SourcePacs.cMove(node, receiver.receiver(), ARRIVAL_TIMEOUT) : SourcePacs.cGet(node);
    }

    private List<Subject> study0Subjects() throws StagingRefusedException {
        try {
            if (!scopes.current().study().study0()) {
                throw new StagingRefusedException("lookups are made in Study0 only; the active study is "
                        + scopes.current().study().code());
            }
            return subjects.subjects().stream().filter(s -> s.his().isPresent()).toList();
        } catch (NoActiveScopeException e) {
            throw new StagingRefusedException("the caller has no active study");
        }
    }
}
