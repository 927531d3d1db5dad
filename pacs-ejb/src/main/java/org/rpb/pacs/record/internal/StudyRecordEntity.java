package org.rpb.pacs.record.internal;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;

/** Row of {@code dicom_study_record}. */
@Entity
@Table(name = "dicom_study_record")
public class StudyRecordEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Stage stage;
    @Column(name = "study_code", nullable = false)
    private String studyCode;
    @Column(name = "site_code", nullable = false)
    private String siteCode;
    @Column(nullable = false)
    private String pid;
    @Column(name = "study_instance_uid", nullable = false)
    private String studyInstanceUid;
    @Column(name = "source_record_id")
    private Long sourceRecordId;
    @Column(name = "source_study_uid")
    private String sourceStudyUid;
    @Column(name = "study_date")
    private String studyDate;
    private String description;
    @Column(name = "event_id")
    private Long eventId;
    @Column(name = "slot_id")
    private Long slotId;
    @Column(name = "profile_version")
    private Integer profileVersion;
    @Column(name = "created_by", nullable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;
    @OneToMany(mappedBy = "study", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    private List<SeriesRecordEntity> series = new ArrayList<>();

    protected StudyRecordEntity() {
    }

    public StudyRecordEntity(NewStudyRecord r, String studyCode, String siteCode, String createdBy,
            LocalDateTime createdAt) {
        this.stage = r.stage();
        this.studyCode = studyCode;
        this.siteCode = siteCode;
        this.pid = r.pid();
        this.studyInstanceUid = r.studyInstanceUid();
        this.sourceRecordId = r.sourceRecordId();
        this.sourceStudyUid = r.sourceStudyUid();
        this.studyDate = r.studyDate();
        this.description = r.description();
        this.profileVersion = r.profileVersion();
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        r.series().forEach(s -> series.add(new SeriesRecordEntity(this, s)));
    }

    public Long getId() {
        return id;
    }

    public String getPid() {
        return pid;
    }

    public String getStudyInstanceUid() {
        return studyInstanceUid;
    }

    public Long getSlotId() {
        return slotId;
    }

    /** Records the slot (and its event) this study fills, or none. */
    public void fill(Long newEventId, Long newSlotId) {
        this.eventId = newEventId;
        this.slotId = newSlotId;
    }

    /** Adds a series copied later into the same study (a staging of more series of it). */
    public void addSeries(org.rpb.pacs.record.SeriesRecord s) {
        series.add(new SeriesRecordEntity(this, s));
    }

    public StudyRecord toRecord() {
        return new StudyRecord(id, stage, studyCode, siteCode, pid, studyInstanceUid, sourceRecordId,
                sourceStudyUid, studyDate, description, eventId, slotId, profileVersion, createdBy, createdAt,
                series.stream().map(SeriesRecordEntity::toSeries).toList());
    }
}
