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

import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;

/** Row of {@code pacs_job}: one per job of any kind (the lease columns for several nodes are not mapped yet). */
// never from the shared cache: the running job writes its counts and instance rows with JDBC (JobService.write)
@jakarta.persistence.Cacheable(false)
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
    private int total;
    private String pid;
    @Column(name = "slot_id")
    private Long slotId;
    @Column(name = "source_study_uid")
    private String sourceStudyUid;
    @Column(name = "run_by")
    private String runBy;
    @Column(name = "batch_instance_id")
    private Long batchInstanceId;
    @Column(length = 512)
    private String outcome;
    /** The node that runs (or last ran) the job; which node holds it now is its lease ({@code pacs.job_lease}). */
    @Column(name = "owner_node")
    private String ownerNode;

    protected JobEntity() {
    }

    public JobEntity(JobType type, String studyCode, String siteCode, String createdBy, LocalDateTime createdAt,
            Integer profileVersion, String pid, Long slotId, String sourceStudyUid) {
        this.pid = pid;
        this.slotId = slotId;
        this.sourceStudyUid = sourceStudyUid;
        this.runBy = createdBy;
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

    public JobType getType() {
        return type;
    }

    public JobState getState() {
        return state;
    }

    public Long getBatchExecutionId() {
        return batchExecutionId;
    }

    public String runBy() {
        return runBy;
    }

    /** @return the node that runs or last ran the job, or null before it first ran */
    public String ownerNode() {
        return ownerNode;
    }

    public Long getBatchInstanceId() {
        return batchInstanceId;
    }

    /** A batch execution of the job starts (its first, a retry or a resume), as the given user, on a node. */
    public void started(long instanceId, long executionId, String user, String node) {
        this.ownerNode = node;
        this.batchInstanceId = instanceId;
        this.batchExecutionId = executionId;
        this.runBy = user;
        this.state = JobState.RUNNING;
        this.finishedAt = null;
    }

    /** A retry was asked for: queued until its execution begins. */
    public void queued() {
        this.state = JobState.QUEUED;
        this.outcome = null;
        this.finishedAt = null;
    }

    /** The job's execution ended (or stopped) with that state and outcome. */
    public void ended(JobState end, String why, LocalDateTime at) {
        this.state = end;
        this.outcome = why;
        this.finishedAt = at;
    }

    public JobStatus toStatus() {
        return new JobStatus(id, type, state, studyCode, siteCode, createdBy, createdAt, finishedAt, profileVersion,
                pid, slotId, outcome, total, retrieved, deidentified, stored, verified, failed);
    }
}
