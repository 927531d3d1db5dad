package org.rpb.pacs.lookup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

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
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.staging.job.SeriesCopy;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.node.ConfiguredNodes;
import org.rpb.pacs.staging.job.StagingRefusedException;

/**
 * The Study0 copies a project copy can be made from: for a patient enrolled in the active project at the
 * active site, the studies the research PACS holds under the patient's PID (the Patient ID of Study0
 * copies) that the module recorded as Study0 copies made at the active site, with their recorded series
 * and what the active project already copied of them. Only for a project that collects DICOM data as the active study.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class Study0CopyService {

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private DataSource dataSource;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private SubjectService subjects;

    @EJB
    private StagingJobService jobs;

    @Inject
    private ConfiguredNodes nodes;

    /**
     * @param pid the patient's PID; the patient must be enrolled in the active project at the active site
     * @return the patient's Study0 copies, newest study first
     * @throws StagingRefusedException if the active study is Study0 or collects no DICOM data, the patient is
     *         not enrolled, or the research PACS cannot be queried
     */
    public List<Study0Copy> copiesOf(String pid) throws StagingRefusedException {
        ActiveScope scope;
        try {
            scope = scopes.current();
            if (scope.study().study0() || !scope.study().dicomEnabled()) {
                throw new StagingRefusedException("project copies are made with a project that collects DICOM data "
                        + "as the active study, not " + scope.study().code());
            }
            if (subjects.subject(pid).isEmpty()) {
                throw new StagingRefusedException("PID " + pid + " is not enrolled in " + scope.study().code()
                        + " at the active site");
            }
        } catch (NoActiveScopeException e) {
            throw new StagingRefusedException("the caller has no active study");
        }
        DimseClient research = DicomNetwork.dimse(nodes.research());
        List<StudyResult> studies;
        try {
            studies = research.findStudies(FindQuery.builder(QueryLevel.STUDY).patientId(pid).build());
        } catch (DicomNetworkException e) {
            throw new StagingRefusedException("the research PACS cannot be queried: " + e.getMessage());
        }
        Map<String, StudyResult> byUid = new LinkedHashMap<>();
        studies.forEach(s -> byUid.put(s.studyInstanceUid(), s));
        // the research PACS also holds project copies under the same Patient ID (uploads): only recorded Study0 copies count
        Map<String, List<SeriesCopy>> recorded = new LinkedHashMap<>();
        for (SeriesCopy c : study0Records(byUid.keySet(), scope.site().code())) {
            recorded.computeIfAbsent(c.targetStudyUid(), k -> new ArrayList<>()).add(c);
        }
        List<SeriesCopy> inProject = jobs.copiesOf(recorded.keySet()).stream()
                .filter(c -> c.target().equals(scope.study().code())).toList();
        List<Study0Copy> out = new ArrayList<>();
        for (Map.Entry<String, List<SeriesCopy>> e : recorded.entrySet()) {
            Map<String, SeriesResult> listed = new LinkedHashMap<>();
            try {
                research.findSeries(FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(e.getKey()).build())
                        .forEach(s -> listed.put(s.seriesInstanceUid(), s));
            } catch (DicomNetworkException ex) {
                throw new StagingRefusedException("the research PACS cannot be queried: " + ex.getMessage());
            }
            List<Study0Copy.Series> series = new ArrayList<>();
            for (SeriesCopy c : e.getValue()) {
                SeriesResult s = listed.get(c.targetSeriesUid());
                SeriesCopy pc = inProject.stream().filter(p -> p.sourceSeriesUid().equals(c.targetSeriesUid()))
                        .findFirst().orElse(null);
                series.add(new Study0Copy.Series(c.targetSeriesUid(), s == null ? "" : s.modality(),
                        s == null ? -1 : s.seriesNumber(), s == null ? "" : s.seriesDescription(), c, pc));
            }
            series.sort(Comparator.comparingInt(Study0Copy.Series::seriesNumber));
            StudyResult st = byUid.get(e.getKey());
            out.add(new Study0Copy(e.getKey(), st.studyDate(), st.studyDescription(), series));
        }
        out.sort(Comparator.comparing(Study0Copy::studyDate).reversed());
        return out;
    }

    private List<SeriesCopy> study0Records(Collection<String> targetStudyUids, String siteCode) {
        List<SeriesCopy> out = new ArrayList<>();
        if (targetStudyUids.isEmpty()) {
            return out;
        }
        String marks = String.join(",", Collections.nCopies(targetStudyUids.size(), "?"));
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT job_instance_id, target, source_study_uid, "
                        + "source_series_uid, target_study_uid, target_series_uid, instances, verified, complete "
                        + "FROM pacs.staging_copy WHERE target = ? AND site_code = ? AND target_study_uid IN (" + marks + ")")) {
            q.setString(1, JobParameters.STUDY0);
            q.setString(2, siteCode);
            int k = 3;
            for (String s : targetStudyUids) {
                q.setString(k++, s);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new SeriesCopy(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getBoolean(9)));
                }
            }
        } catch (SQLException e) {
            throw new EJBException("cannot read the Study0 copies of " + targetStudyUids.size() + " studies", e);
        }
        return out;
    }
}
