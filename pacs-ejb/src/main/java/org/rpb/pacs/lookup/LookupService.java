package org.rpb.pacs.lookup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditLog;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.net.SeriesResult;
import org.rpb.pacs.core.net.StudyResult;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.staging.job.SeriesCopy;
import org.rpb.pacs.node.ConfiguredNodes;
import org.rpb.pacs.staging.job.StagingProgressStore;
import org.rpb.pacs.staging.job.StagingRefusedException;

/**
 * Looks up Study0 patients in the clinical PACS. Only in Study0 as the active study; an identifier
 * (PID, HIS patient ID or Study0 subject ID) that is not a Study0 patient of the active site is
 * refused and never sent to the clinical PACS. For each patient: the clinical studies (C-FIND by the
 * HIS patient ID) with their series and counts, and for each series its Study0 copy and the project
 * copies of that, from the module's own records. Every C-FIND for a patient and every HIS patient ID handed out
 * for staging is audited ({@link AuditAction#LOOKUP}) with the patient's PID only: the HIS patient ID and the
 * identifiers the user typed never reach the audit trail.
 */
@Stateless
@RolesAllowed(Roles.PACS_LOOKUP)
public class LookupService {

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private SubjectService subjects;

    @EJB
    private StagingProgressStore records;

    @Inject
    private ConfiguredNodes nodes;

    @Inject
    private AuditLog audit;

    @Resource
    private SessionContext session;

    /**
     * @param text one identifier or a pasted list (commas, spaces, new lines)
     * @return refused identifiers and the patients' clinical studies
     * @throws StagingRefusedException if the active study is not Study0 or the list is too long
     */
    public LookupResult lookup(String text) throws StagingRefusedException {
        ActiveScope scope;
        List<Subject> members;
        try {
            scope = scopes.current();
            if (!scope.study().study0()) {
                throw new StagingRefusedException("lookups are made in Study0 only; the active study is " + scope.study().code());
            }
            members = subjects.subjects();
        } catch (NoActiveScopeException e) {
            throw new StagingRefusedException("the caller has no active study");
        }
        List<String> ids;
        try {
            ids = IdList.parse(text);
        } catch (IllegalArgumentException e) {
            throw new StagingRefusedException(e.getMessage());
        }
        List<String> refused = new ArrayList<>();
        List<Subject> found = new ArrayList<>();
        for (String id : ids) {
            Optional<Subject> s = members.stream().filter(m -> m.hisPatientId() != null && (id.equals(m.pid())
                    || id.equals(m.hisPatientId()) || id.equals(m.studySubjectId()))).findFirst();
            if (s.isEmpty()) {
                refused.add(id);
            } else if (found.stream().noneMatch(f -> f.pid().equals(s.get().pid()))) {
                found.add(s.get());
            }
        }
        DimseClient clinical = DicomNetwork.dimse(nodes.clinical());
        List<LookupResult.Patient> patients = new ArrayList<>();
        String user = session.getCallerPrincipal().getName();
        for (Subject s : found) {
            LookupResult.Patient p = patient(clinical, s);
            patients.add(p);
            audit.record(user, AuditAction.LOOKUP, scope, p.pid(), null, null, p.error() == null
                    ? "clinical C-FIND: " + p.studies().size() + " studies" : "clinical C-FIND failed");
        }
        if (!refused.isEmpty()) {
            audit.record(user, AuditAction.LOOKUP, scope, null, null, null, refused.size()
                    + " identifiers refused (no Study0 patient of the site; not sent to the clinical PACS)");
        }
        return new LookupResult(refused, patients);
    }

    /**
     * @param pid a Study0 patient's PID at the active site
     * @return the patient's HIS patient ID, for staging
     * @throws StagingRefusedException if the PID is not a Study0 patient of the active site
     */
    public String hisPatientId(String pid) throws StagingRefusedException {
        try {
            ActiveScope scope = scopes.current();
            if (!scope.study().study0()) {
                throw new StagingRefusedException("staging is done in Study0 only");
            }
            String his = subjects.subject(pid).flatMap(Subject::his)
                    .orElseThrow(() -> new StagingRefusedException("PID " + pid + " is not a Study0 patient of the active site"));
            audit.record(session.getCallerPrincipal().getName(), AuditAction.LOOKUP, scope, pid, null, null,
                    "HIS patient ID resolved for staging");
            return his;
        } catch (NoActiveScopeException e) {
            throw new StagingRefusedException("the caller has no active study");
        }
    }

    private LookupResult.Patient patient(DimseClient clinical, Subject s) {
        List<StudyResult> studies;
        Map<String, List<SeriesResult>> series = new HashMap<>();
        try {
            studies = clinical.findStudies(FindQuery.builder(QueryLevel.STUDY).patientId(s.hisPatientId()).build());
            for (StudyResult st : studies) {
                series.put(st.studyInstanceUid(), clinical.findSeries(FindQuery.builder(QueryLevel.SERIES)
                        .studyInstanceUid(st.studyInstanceUid()).build()));
            }
        } catch (DicomNetworkException e) {
            return new LookupResult.Patient(s.pid(), s.studySubjectId(), List.of(), e.getMessage());
        }
        List<SeriesCopy> study0 = records.copiesOf(studies.stream().map(StudyResult::studyInstanceUid).toList())
                .stream().filter(c -> c.target().equals("STUDY0")).toList();
        List<SeriesCopy> projects = records.copiesOf(study0.stream().map(SeriesCopy::targetStudyUid).distinct().toList())
                .stream().filter(c -> !c.target().equals("STUDY0")).toList();
        List<LookupResult.Study> out = new ArrayList<>();
        for (StudyResult st : studies) {
            List<LookupResult.Series> ss = new ArrayList<>();
            for (SeriesResult se : series.get(st.studyInstanceUid())) {
                SeriesCopy c0 = study0.stream().filter(c -> c.sourceSeriesUid().equals(se.seriesInstanceUid()))
                        .findFirst().orElse(null);
                List<SeriesCopy> pc = c0 == null ? List.of()
                        : projects.stream().filter(c -> c.sourceSeriesUid().equals(c0.targetSeriesUid())).toList();
                ss.add(new LookupResult.Series(se.seriesInstanceUid(), se.modality(), se.seriesNumber(),
                        se.seriesDescription(), se.numberOfInstances(), c0, pc));
            }
            out.add(new LookupResult.Study(st.studyInstanceUid(), st.studyDate(), st.studyDescription(),
                    st.modalitiesInStudy(), st.numberOfSeries(), st.numberOfInstances(), ss));
        }
        return new LookupResult.Patient(s.pid(), s.studySubjectId(), out, null);
    }
}
