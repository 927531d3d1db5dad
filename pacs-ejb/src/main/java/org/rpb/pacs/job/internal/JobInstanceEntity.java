package org.rpb.pacs.job.internal;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;

/**
 * Row of {@code pacs_job_instance}, read only here: one per source instance of a job, so a retry or resume updates
 * it instead of duplicating it; written in batches by {@link org.rpb.pacs.job.JobService#record}.
 */
// never from the shared cache: the running job writes its counts and instance rows with JDBC (JobService.write)
@jakarta.persistence.Cacheable(false)
@Entity
@Table(name = "pacs_job_instance")
public class JobInstanceEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "job_id", nullable = false)
    private long jobId;
    @Column(name = "source_sop_uid", nullable = false)
    private String sourceSopUid;
    @Column(name = "source_series_uid")
    private String sourceSeriesUid;
    @Column(name = "target_sop_uid")
    private String targetSopUid;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private InstanceState state;
    @Column(name = "error_text", length = 1000)
    private String errorText;
    @Column(name = "updated_at")
    private LocalDateTime updatedAt;

    protected JobInstanceEntity() {
    }

    public InstanceProgress toProgress() {
        return new InstanceProgress(sourceSopUid, sourceSeriesUid == null ? "" : sourceSeriesUid, targetSopUid, state,
                errorText);
    }
}
