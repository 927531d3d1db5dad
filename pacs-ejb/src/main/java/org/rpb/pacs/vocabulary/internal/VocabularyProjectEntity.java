package org.rpb.pacs.vocabulary.internal;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A project's vocabulary switch and who changed it last. */
@Entity
@Table(name = "roi_vocabulary_project")
public class VocabularyProjectEntity {

    @Id
    @Column(name = "study_code", length = 64)
    private String studyCode;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "changed_by", nullable = false, length = 128)
    private String changedBy;

    /** UTC. */
    @Column(name = "changed_at", nullable = false)
    private LocalDateTime changedAt;

    protected VocabularyProjectEntity() {
    }

    public VocabularyProjectEntity(String studyCode) {
        this.studyCode = studyCode;
    }

    public String getStudyCode() {
        return studyCode;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void changed(boolean enabled, String by, LocalDateTime at) {
        this.enabled = enabled;
        this.changedBy = by;
        this.changedAt = at;
    }
}
