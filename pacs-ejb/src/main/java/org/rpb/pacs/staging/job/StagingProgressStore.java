package org.rpb.pacs.staging.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.rpb.pacs.staging.InstanceProgress;
import org.rpb.pacs.staging.InstanceState;

/**
 * Per-instance progress of staging jobs (table {@code pacs.staging_instance}), written as each step
 * happens, each write in its own transaction so that the jobs page sees it at once and a crash keeps
 * what was done. Internal: called by the batch artifacts and {@link StagingJobService}.
 */
@Stateless
@PermitAll
public class StagingProgressStore {

    @Resource(lookup = "java:jboss/datasources/PacsDS")
    private DataSource dataSource;

    /**
     * Records an instance's new state.
     *
     * @param jobInstanceId the batch job instance
     * @param p the progress
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(long jobInstanceId, InstanceProgress p) {
        String reason = p.reason().length() > 1000 ? p.reason().substring(0, 1000) : p.reason();
        Timestamp now = Timestamp.valueOf(LocalDateTime.now());
        try (Connection c = dataSource.getConnection()) {
            int n;
            try (PreparedStatement u = c.prepareStatement("UPDATE pacs.staging_instance SET state = ?, reason = ?, "
                    + "target_sop_uid = ?, updated_at = ? WHERE job_instance_id = ? AND source_sop_uid = ?")) {
                u.setString(1, p.state().name());
                u.setString(2, reason);
                u.setString(3, p.targetSopInstanceUid());
                u.setTimestamp(4, now);
                u.setLong(5, jobInstanceId);
                u.setString(6, p.sourceSopInstanceUid());
                n = u.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement i = c.prepareStatement("INSERT INTO pacs.staging_instance (job_instance_id, "
                        + "source_sop_uid, source_series_uid, target_sop_uid, state, reason, updated_at) VALUES (?,?,?,?,?,?,?)")) {
                    i.setLong(1, jobInstanceId);
                    i.setString(2, p.sourceSopInstanceUid());
                    i.setString(3, p.sourceSeriesInstanceUid());
                    i.setString(4, p.targetSopInstanceUid());
                    i.setString(5, p.state().name());
                    i.setString(6, reason);
                    i.setTimestamp(7, now);
                    i.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new EJBException("cannot record staging progress of job instance " + jobInstanceId, e);
        }
    }

    /**
     * Records (or updates) the copy of one series.
     *
     * @param c the copy
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordCopy(SeriesCopy c) {
        Timestamp now = Timestamp.valueOf(LocalDateTime.now());
        try (Connection con = dataSource.getConnection()) {
            int n;
            try (PreparedStatement u = con.prepareStatement("UPDATE pacs.staging_copy SET job_instance_id = ?, "
                    + "source_study_uid = ?, target_study_uid = ?, target_series_uid = ?, instances = ?, verified = ?, "
                    + "complete = ?, updated_at = ? WHERE target = ? AND source_series_uid = ?")) {
                u.setLong(1, c.jobInstanceId());
                u.setString(2, c.sourceStudyUid());
                u.setString(3, c.targetStudyUid());
                u.setString(4, c.targetSeriesUid());
                u.setInt(5, c.instances());
                u.setInt(6, c.verified());
                u.setBoolean(7, c.complete());
                u.setTimestamp(8, now);
                u.setString(9, c.target());
                u.setString(10, c.sourceSeriesUid());
                n = u.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement i = con.prepareStatement("INSERT INTO pacs.staging_copy (job_instance_id, target, "
                        + "source_study_uid, source_series_uid, target_study_uid, target_series_uid, instances, verified, "
                        + "complete, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
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
                    i.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new EJBException("cannot record the copy of a series for job instance " + c.jobInstanceId(), e);
        }
    }

    /**
     * The copies made of the given source studies (clinical studies, or Study0 copies for project copies).
     *
     * @param sourceStudyUids source Study Instance UIDs
     * @return their series copies, any target
     */
    public List<SeriesCopy> copiesOf(java.util.Collection<String> sourceStudyUids) {
        List<SeriesCopy> out = new ArrayList<>();
        if (sourceStudyUids.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(sourceStudyUids.size(), "?"));
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT job_instance_id, target, source_study_uid, "
                        + "source_series_uid, target_study_uid, target_series_uid, instances, verified, complete "
                        + "FROM pacs.staging_copy WHERE source_study_uid IN (" + marks + ") ORDER BY target, source_series_uid")) {
            int k = 1;
            for (String s : sourceStudyUids) {
                q.setString(k++, s);
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

    /**
     * @param jobInstanceId the batch job instance
     * @return how many instances are in each state
     */
    public Map<InstanceState, Integer> counts(long jobInstanceId) {
        Map<InstanceState, Integer> m = new EnumMap<>(InstanceState.class);
        for (InstanceState s : InstanceState.values()) {
            m.put(s, 0);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT state, COUNT(*) FROM pacs.staging_instance WHERE job_instance_id = ? GROUP BY state")) {
            q.setLong(1, jobInstanceId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    m.put(InstanceState.valueOf(rs.getString(1)), rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new EJBException("cannot read staging progress of job instance " + jobInstanceId, e);
        }
        return m;
    }

    /**
     * @param jobInstanceId the batch job instance
     * @return every instance's current state, by series and source UID
     */
    public List<InstanceProgress> instances(long jobInstanceId) {
        List<InstanceProgress> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT source_sop_uid, source_series_uid, target_sop_uid, state, "
                        + "reason FROM pacs.staging_instance WHERE job_instance_id = ? ORDER BY source_series_uid, source_sop_uid")) {
            q.setLong(1, jobInstanceId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new InstanceProgress(rs.getString(1), rs.getString(2), rs.getString(3),
                            InstanceState.valueOf(rs.getString(4)), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new EJBException("cannot read staging progress of job instance " + jobInstanceId, e);
        }
        return out;
    }
}
