package org.rpb.pacs.staging.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.job.JobParameters;

/**
 * The module's records of series copies (table {@code pacs.staging_copy}): which Study0 copy or project copy was
 * made of which source series, written by a staging or copy job when it finishes a series (in its own
 * transaction), read by the lookup. Every row carries the job's study and site; reading takes the caller's
 * active study and site. (Per-instance progress is the job engine's, {@link org.rpb.pacs.job.JobService}.)
 */
@Stateless
public class StagingProgressStore {

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private DataSource dataSource;

    @EJB
    private ActiveScopeService scopes;

    /**
     * Records (or updates) the copy of one series.
     *
     * @param c the copy
     * @param job the job's parameters (its study and site)
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordCopy(SeriesCopy c, JobParameters job) {
        Timestamp now = Timestamp.valueOf(LocalDateTime.now());
        try (Connection con = dataSource.getConnection()) {
            int n;
            try (PreparedStatement u = con.prepareStatement("UPDATE pacs.staging_copy SET job_instance_id = ?, "
                    + "source_study_uid = ?, target_study_uid = ?, target_series_uid = ?, instances = ?, verified = ?, "
                    + "complete = ?, updated_at = ?, study_code = ?, site_code = ? WHERE target = ? AND source_series_uid = ?")) {
                u.setLong(1, c.jobInstanceId());
                u.setString(2, c.sourceStudyUid());
                u.setString(3, c.targetStudyUid());
                u.setString(4, c.targetSeriesUid());
                u.setInt(5, c.instances());
                u.setInt(6, c.verified());
                u.setBoolean(7, c.complete());
                u.setTimestamp(8, now);
                u.setString(9, job.studyCode());
                u.setString(10, job.siteCode());
                u.setString(11, c.target());
                u.setString(12, c.sourceSeriesUid());
                n = u.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement i = con.prepareStatement("INSERT INTO pacs.staging_copy (job_instance_id, target, "
                        + "source_study_uid, source_series_uid, target_study_uid, target_series_uid, instances, verified, "
                        + "complete, updated_at, study_code, site_code) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    i.setLong(1, c.jobInstanceId());
                    i.setString(2, c.target());
                    i.setString(3, c.sourceStudyUid());
                    i.setString(4, c.sourceSeriesUid());
                    i.setString(5, c.targetStudyUid());
                    i.setString(6, c.targetSeriesUid());
                    i.setInt(7, c.instances());
                    i.setInt(8, c.verified());
                    i.setBoolean(9, c.complete());
                    i.setTimestamp(10, now);
                    i.setString(11, job.studyCode());
                    i.setString(12, job.siteCode());
                    i.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new EJBException("cannot record the copy of a series for job instance " + c.jobInstanceId(), e);
        }
    }

    /**
     * The copies made of the given source studies (clinical studies, or Study0 copies for project copies)
     * that the caller's active study and site may see: the copies made in it, and, when it is Study0, the
     * project copies made at the same site from its Study0 copies.
     *
     * @param sourceStudyUids source Study Instance UIDs
     * @return their series copies in the active scope; none when the caller has no active study
     */
    @RolesAllowed({Roles.PACS_LOOKUP, Roles.PACS_UPLOAD})
    public List<SeriesCopy> copiesOf(java.util.Collection<String> sourceStudyUids) {
        List<SeriesCopy> out = new ArrayList<>();
        if (sourceStudyUids.isEmpty()) {
            return out;
        }
        ActiveScope scope;
        try {
            scope = scopes.dicomScope();
        } catch (NoActiveScopeException e) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(sourceStudyUids.size(), "?"));
        String fromStudy0 = scope.study().study0()
                ? " OR source_study_uid IN (SELECT s.target_study_uid FROM pacs.staging_copy s WHERE s.study_code = ? "
                        + "AND s.site_code = ?)" : "";
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT job_instance_id, target, source_study_uid, "
                        + "source_series_uid, target_study_uid, target_series_uid, instances, verified, complete "
                        + "FROM pacs.staging_copy WHERE source_study_uid IN (" + marks + ") AND site_code = ? "
                        + "AND (study_code = ?" + fromStudy0 + ") ORDER BY target, source_series_uid")) {
            int k = 1;
            for (String s : sourceStudyUids) {
                q.setString(k++, s);
            }
            q.setString(k++, scope.site().code());
            q.setString(k++, scope.study().code());
            if (scope.study().study0()) {
                q.setString(k++, scope.study().code());
                q.setString(k++, scope.site().code());
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new SeriesCopy(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getBoolean(9)));
                }
            }
        } catch (SQLException e) {
            throw new EJBException("cannot read the copies of " + sourceStudyUids.size() + " studies", e);
        }
        return out;
    }
}
