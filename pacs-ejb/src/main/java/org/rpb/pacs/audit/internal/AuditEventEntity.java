package org.rpb.pacs.audit.internal;

import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditEvent;

/** Row of {@code audit_event}; written once, never changed. */
@Entity
@Table(name = "audit_event")
public class AuditEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "occurred_at", nullable = false)
    private LocalDateTime occurredAt;
    @Column(name = "user_name", nullable = false)
    private String userName;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AuditAction action;
    @Column(name = "study_code")
    private String studyCode;
    @Column(name = "site_code")
    private String siteCode;
    private String pid;
    @Column(name = "study_instance_uid")
    private String studyInstanceUid;
    @Column(name = "series_instance_uid")
    private String seriesInstanceUid;
    private String detail;

    protected AuditEventEntity() {
    }

    public AuditEventEntity(LocalDateTime occurredAt, String userName, AuditAction action, String studyCode,
            String siteCode, String pid, String studyInstanceUid, String seriesInstanceUid, String detail) {
        this.occurredAt = occurredAt;
        this.userName = userName;
        this.action = action;
        this.studyCode = studyCode;
        this.siteCode = siteCode;
        this.pid = pid;
        this.studyInstanceUid = studyInstanceUid;
        this.seriesInstanceUid = seriesInstanceUid;
        this.detail = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
    }

    public AuditEvent toEvent() {
        return new AuditEvent(id, occurredAt, userName, action, studyCode, siteCode, pid, studyInstanceUid,
                seriesInstanceUid, detail);
    }
}
