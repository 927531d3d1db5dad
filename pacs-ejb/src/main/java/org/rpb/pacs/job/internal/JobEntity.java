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

import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;

/** Row of {@code pacs_job}. */
@Entity
@Table(name = "pacs_job")
public class JobEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Enumerated(EnumType.STRING)
    @Column(name = "job_type", nullable = false)
    private JobType type;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private JobState state;
    @Column(name = "study_code", nullable = false)
    private String studyCode;
    @Column(name = "site_code", nullable = false)
    private String siteCode;
    @Column(name = "created_by", nullable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;
    @Column(name = "finished_at")
    private LocalDateTime finishedAt;
    @Column(name = "profile_version")
    private Integer profileVersion;
    @Column(name = "batch_execution_id")
    private Long batchExecutionId;
    private int retrieved;
    private int deidentified;
    private int stored;
    private int verified;
    private int failed;

    protected JobEntity() {
    }

    public JobEntity(JobType type, String studyCode, String siteCode, String createdBy, LocalDateTime createdAt,
            Integer profileVersion) {
        this.type = type;
        this.state = JobState.QUEUED;
        this.studyCode = studyCode;
        this.siteCode = siteCode;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.profileVersion = profileVersion;
    }

    public Long getId() {
        return id;
    }

    public boolean in(String study, String site) {
        return studyCode.equals(study) && siteCode.equals(site);
    }

    /** Counts an instance that reached a state (a later state counts for the earlier ones too). */
    public void count(InstanceState s) {
        if (state == JobState.QUEUED) {
            state = JobState.RUNNING;
        }
        switch (s) {
            case RETRIEVED -> retrieved++;
            case DEIDENTIFIED -> deidentified++;
            case STORED -> stored++;
            case VERIFIED -> verified++;
            case FAILED -> failed++;
            case PENDING -> { }
        }
    }

    public void finish(JobState end, LocalDateTime at) {
        this.state = end;
        this.finishedAt = at;
    }

    /** Starts the job again from nothing: running, no end, all counters zero (the new run reports afresh). */
    public void reopen() {
        this.state = JobState.RUNNING;
        this.finishedAt = null;
        retrieved = 0;
        deidentified = 0;
        stored = 0;
        verified = 0;
        failed = 0;
    }

    public JobStatus toStatus() {
        return new JobStatus(id, type, state, studyCode, siteCode, createdBy, createdAt, finishedAt, profileVersion,
                retrieved, deidentified, stored, verified, failed);
    }
}
