package org.rpb.pacs.record;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditLog;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.portal.spi.PortalStudyData;
import org.rpb.pacs.record.internal.SlotHistoryEntity;
import org.rpb.pacs.record.internal.StudyRecordEntity;

/**
 * Recording studies and linking them to upload slots in a given study and site, for
 * {@link StudyRecordService} (the caller's active scope) and for background jobs, which must keep the
 * scope they were started in even when their user later switches to another study. A plain CDI bean, not
 * an EJB: no client can reach it, and callers check roles and scope before they pass one in. Runs in the
 * caller's transaction.
 */
@ApplicationScoped
public class ScopedStudyRecords {

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @Inject
    private PortalStudyData portal;

    @Inject
    private AuditLog audit;

    /**
     * Records a study a workflow stored and verified, and audits it as an upload, a Study0 staging or a
     * project copy.
     *
     * @param scope the study and site the record belongs to
     * @param user  who made it
     * @param r     the record
     * @return the record
     * @throws NotInScopeException if the PID is not a subject of the scope, or the source record is not in it
     */
    public StudyRecord register(ActiveScope scope, String user, NewStudyRecord r) throws NotInScopeException {
        if (portal.subject(scope.study().code(), scope.site().code(), r.pid()).isEmpty()) {
            throw new NotInScopeException("Subject");
        }
        AuditAction action = switch (r.stage()) {
            case STUDY0_COPY -> AuditAction.STAGE;
            case PROJECT_COPY -> r.sourceRecordId() != null || r.sourceStudyUid() != null
                    ? AuditAction.COPY : AuditAction.UPLOAD;
            case CLINICAL -> AuditAction.LINK;
        };
        if (r.sourceRecordId() != null && r.stage() != Stage.PROJECT_COPY && inScope(scope, r.sourceRecordId()).isEmpty()) {
            // a project copy's Study0 source lives in Study0, the other stages' sources in the same scope
            throw new NotInScopeException("Source study record");
        }
        StudyRecordEntity e = new StudyRecordEntity(r, scope.study().code(), scope.site().code(), user,
                LocalDateTime.now());
        em.persist(e);
        em.flush();
        audit.record(user, action, scope, r.pid(), r.studyInstanceUid(), null,
                "study record " + e.getId() + ", " + r.stage() + ", " + r.series().size() + " series, "
                        + r.series().stream().mapToInt(SeriesRecord::instanceCount).sum() + " instances"
                        + (r.sourceStudyUid() == null ? "" : ", from " + r.sourceStudyUid())
                        + (r.profileVersion() == null ? "" : ", profile version " + r.profileVersion()));
        return e.toRecord();
    }

    /**
     * Links a record to an upload slot of its subject; see {@link StudyRecordService#link}.
     *
     * @param scope   the study and site of both
     * @param user    who links
     * @param recordId the record
     * @param slotId  the slot
     * @param replace whether a slot holding another study may be replaced
     * @return the record
     * @throws NotInScopeException   if the record or the slot is not in the scope, or the slot belongs to
     *                               another subject
     * @throws SlotOccupiedException if the slot holds a study and {@code replace} is false
     * @throws SlotNotWrittenException if the portal refuses to write the slot (nothing is changed)
     */
    public StudyRecord link(ActiveScope scope, String user, long recordId, long slotId, boolean replace)
            throws NotInScopeException, SlotOccupiedException {
        String study = scope.study().code();
        String site = scope.site().code();
        StudyRecordEntity record = inScope(scope, recordId).orElseThrow(() -> new NotInScopeException("Study record"));
        UploadSlot slot = portal.slot(study, site, slotId).orElseThrow(() -> new NotInScopeException("Upload slot"));
        EventOccurrence event = portal.event(study, site, slot.eventId())
                .orElseThrow(() -> new NotInScopeException("Event"));
        if (!event.pid().equals(record.getPid())) {
            throw new NotInScopeException("Upload slot of this subject");
        }
        Optional<SlotHistoryEntity> current = currentFill(scope, slotId);
        boolean occupied = slot.filledWith().isPresent();
        if (occupied && current.map(h -> h.getRecord().getId().equals(recordId)).orElse(false)) {
            return record.toRecord();
        }
        if (occupied && !replace) {
            throw new SlotOccupiedException(slotId);
        }
        // the portal's form first: when it refuses, nothing of the module's records has changed
        if (!portal.writeSlot(study, site, slotId, record.getStudyInstanceUid())) {
            throw new SlotNotWrittenException(slotId, false);
        }
        LocalDateTime now = LocalDateTime.now();
        current.ifPresent(h -> {
            h.leave(recordId, now);
            h.getRecord().fill(null, null);
        });
        record.fill(event.id(), slotId);
        em.persist(new SlotHistoryEntity(study, site, slotId, record, user, now));
        audit.record(user, occupied ? AuditAction.REPLACE : AuditAction.LINK, scope, record.getPid(),
                record.getStudyInstanceUid(), null, "slot " + slotId + " (" + slot.name() + ") of event "
                        + event.definitionCode() + "#" + event.repeatKey()
                        + current.map(h -> ", replaced study record " + h.getRecord().getId()).orElse(""));
        return record.toRecord();
    }

    /**
     * Adds series that a later copy into the same study brought, and audits that.
     *
     * @param scope    the study and site of the record
     * @param user     who copied them
     * @param recordId the record
     * @param series   the new series; those the record already has are left as they are
     * @param action   STAGE or COPY
     * @return the record
     * @throws NotInScopeException if the record is not in the scope
     */
    public StudyRecord addSeries(ActiveScope scope, String user, long recordId, List<SeriesRecord> series,
            AuditAction action) throws NotInScopeException {
        StudyRecordEntity e = inScope(scope, recordId).orElseThrow(() -> new NotInScopeException("Study record"));
        List<String> known = e.toRecord().series().stream().map(SeriesRecord::seriesInstanceUid).toList();
        List<SeriesRecord> added = series.stream().filter(s -> !known.contains(s.seriesInstanceUid())).toList();
        added.forEach(e::addSeries);
        em.flush();
        audit.record(user, action, scope, e.getPid(), e.getStudyInstanceUid(), null, "study record " + recordId + ", "
                + added.size() + " series added, " + added.stream().mapToInt(SeriesRecord::instanceCount).sum()
                + " instances");
        return e.toRecord();
    }

    /**
     * @param scope the study and site
     * @param pid   a subject's PID
     * @param studyInstanceUid a study UID
     * @return the scope's record of that subject's study, if there is one
     */
    public Optional<StudyRecord> find(ActiveScope scope, String pid, String studyInstanceUid) {
        return em.createQuery("""
                select r from StudyRecordEntity r where r.studyCode = :study and r.siteCode = :site
                and r.pid = :pid and r.studyInstanceUid = :uid order by r.id""", StudyRecordEntity.class)
                .setParameter("study", scope.study().code()).setParameter("site", scope.site().code())
                .setParameter("pid", pid).setParameter("uid", studyInstanceUid).getResultList().stream()
                .findFirst().map(StudyRecordEntity::toRecord);
    }

    /**
     * @param siteCode the site
     * @param pid      the subject's PID
     * @param studyInstanceUid the UID of a Study0 copy
     * @return the Study0 record of that copy at the site (the source of a project copy), if there is one
     */
    public Optional<StudyRecord> study0Copy(String siteCode, String pid, String studyInstanceUid) {
        return em.createQuery("""
                select r from StudyRecordEntity r where r.siteCode = :site and r.pid = :pid
                and r.studyInstanceUid = :uid order by r.id""", StudyRecordEntity.class)
                .setParameter("site", siteCode).setParameter("pid", pid).setParameter("uid", studyInstanceUid)
                .getResultList().stream().map(StudyRecordEntity::toRecord)
                .filter(r -> r.stage() == Stage.STUDY0_COPY).findFirst();
    }

    /**
     * @param scope a study and site
     * @return all records of the scope, oldest first (for the DICOMweb service, which shows exactly those)
     */
    public List<StudyRecord> all(ActiveScope scope) {
        return em.createQuery("""
                select r from StudyRecordEntity r where r.studyCode = :study and r.siteCode = :site order by r.id""",
                StudyRecordEntity.class)
                .setParameter("study", scope.study().code()).setParameter("site", scope.site().code())
                .getResultList().stream().map(StudyRecordEntity::toRecord).toList();
    }

    Optional<StudyRecordEntity> inScope(ActiveScope scope, long id) {
        StudyRecordEntity e = em.find(StudyRecordEntity.class, id);
        if (e == null) {
            return Optional.empty();
        }
        StudyRecord r = e.toRecord();
        return r.studyCode().equals(scope.study().code()) && r.siteCode().equals(scope.site().code())
                ? Optional.of(e) : Optional.empty();
    }

    Optional<SlotHistoryEntity> currentFill(ActiveScope scope, long slotId) {
        return history(scope, slotId).stream().filter(h -> h.toEntry().replacedAt() == null).findFirst();
    }

    List<SlotHistoryEntity> history(ActiveScope scope, long slotId) {
        return em.createQuery("""
                select h from SlotHistoryEntity h
                where h.studyCode = :study and h.siteCode = :site and h.slotId = :slot order by h.id""",
                SlotHistoryEntity.class)
                .setParameter("study", scope.study().code()).setParameter("site", scope.site().code())
                .setParameter("slot", slotId).getResultList();
    }
}
