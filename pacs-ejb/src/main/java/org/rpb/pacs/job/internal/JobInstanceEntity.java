package org.rpb.pacs.job.internal;

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

/** Row of {@code pacs_job_instance}; one per source instance, so a retry updates instead of duplicating. */
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
    @Column(name = "target_sop_uid")
    private String targetSopUid;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private InstanceState state;
    @Column(name = "error_text", length = 1000)
    private String errorText;

    protected JobInstanceEntity() {
    }

    public JobInstanceEntity(long jobId, String sourceSopUid) {
        this.jobId = jobId;
        this.sourceSopUid = sourceSopUid;
        this.state = InstanceState.PENDING;
    }

    public void update(String target, InstanceState s, String error) {
        if (target != null) {
            this.targetSopUid = target;
        }
        this.state = s;
        this.errorText = error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    public InstanceProgress toProgress() {
        return new InstanceProgress(sourceSopUid, targetSopUid, state, errorText);
    }
}
