package org.rpb.pacs.record.internal;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.rpb.pacs.record.SlotHistoryEntry;

/** Row of {@code slot_history}. */
@Entity
@Table(name = "slot_history")
public class SlotHistoryEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "study_code", nullable = false)
    private String studyCode;
    @Column(name = "site_code", nullable = false)
    private String siteCode;
    @Column(name = "slot_id")
    private long slotId;
    @ManyToOne(optional = false)
    @JoinColumn(name = "study_record_id")
    private StudyRecordEntity record;
    @Column(name = "filled_by", nullable = false)
    private String filledBy;
    @Column(name = "filled_at", nullable = false)
    private LocalDateTime filledAt;
    @Column(name = "replaced_by_record")
    private Long replacedByRecord;
    @Column(name = "replaced_at")
    private LocalDateTime replacedAt;

    protected SlotHistoryEntity() {
    }

    public SlotHistoryEntity(String studyCode, String siteCode, long slotId, StudyRecordEntity record,
            String filledBy, LocalDateTime filledAt) {
        this.studyCode = studyCode;
        this.siteCode = siteCode;
        this.slotId = slotId;
        this.record = record;
        this.filledBy = filledBy;
        this.filledAt = filledAt;
    }

    public StudyRecordEntity getRecord() {
        return record;
    }

    /** The study left the slot, for another one or for none ({@code null}). */
    public void leave(Long byRecord, LocalDateTime at) {
        this.replacedByRecord = byRecord;
        this.replacedAt = at;
    }

    public SlotHistoryEntry toEntry() {
        return new SlotHistoryEntry(slotId, record.getId(), record.getStudyInstanceUid(), filledBy, filledAt,
                replacedByRecord, replacedAt);
    }
}
