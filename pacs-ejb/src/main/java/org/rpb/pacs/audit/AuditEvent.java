package org.rpb.pacs.audit;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One audit event. Holds pseudonyms and UIDs only, never patient names or HIS patient IDs.
 *
 * @param id                the event's ID
 * @param occurredAt        when it happened (server time)
 * @param user              who did it (the authenticated principal)
 * @param action            what was done
 * @param studyCode         the portal study it happened in, {@code null} for server-wide configuration
 * @param siteCode          the site it happened in, {@code null} for server-wide configuration
 * @param pid               the subject's PID, if a subject was concerned
 * @param studyInstanceUid  the DICOM study concerned, if any
 * @param seriesInstanceUid the DICOM series concerned, if any
 * @param detail            further facts (counts, slot, job, profile version), without patient data
 */
public record AuditEvent(long id, LocalDateTime occurredAt, String user, AuditAction action, String studyCode,
        String siteCode, String pid, String studyInstanceUid, String seriesInstanceUid, String detail)
        implements Serializable {

    public AuditEvent {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(action, "action");
    }
}
