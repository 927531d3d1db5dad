package org.rpb.pacs.record;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditLog;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.portal.spi.PortalStudyData;
import org.rpb.pacs.record.internal.SlotHistoryEntity;
import org.rpb.pacs.record.internal.StudyRecordEntity;
import org.rpb.pacs.security.Roles;

/**
 * The DICOM study records of the caller's active study and site: reading them by subject, event or ID,
 * recording a stored study, linking it to an upload slot (replacing what was there, with history), and
 * auditing downloads. Study and site always come from {@link ActiveScopeService}, never from parameters.
 * Every method refuses with {@link org.rpb.pacs.portal.DicomNotEnabledException} when the active study does
 * not collect DICOM data ({@link ActiveScopeService#dicomScope()}).
 */
@Stateless
public class StudyRecordService {

    @Resource
    private SessionContext session;

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @EJB
    private ActiveScopeService scopes;

    @Inject
    private PortalStudyData portal;

    @Inject
    private AuditLog audit;

    @Inject
    private ScopedStudyRecords store;

    /** The records of a subject (by PID) in the active study and site, oldest first; empty for any other PID. */
    @RolesAllowed(Roles.PACS_USER)
    public List<StudyRecord> studiesOfSubject(String pid) throws NoActiveScopeException {
        ActiveScope scope = scopes.dicomScope();
        return em.createQuery("""
                select r from StudyRecordEntity r
                where r.studyCode = :study and r.siteCode = :site and r.pid = :pid order by r.id""",
                StudyRecordEntity.class)
                .setParameter("study", scope.study().code()).setParameter("site", scope.site().code())
                .setParameter("pid", pid).getResultList().stream().map(StudyRecordEntity::toRecord).toList();
    }

    /** The records that fill a slot of the event occurrence; empty for an event of another study or site. */
    @RolesAllowed(Roles.PACS_USER)
    public List<StudyRecord> studiesOfEvent(long eventId) throws NoActiveScopeException {
        ActiveScope scope = scopes.dicomScope();
        if (portal.event(scope.study().code(), scope.site().code(), eventId).isEmpty()) {
            return List.of();
        }
        return em.createQuery("""
                select r from StudyRecordEntity r
                where r.studyCode = :study and r.siteCode = :site and r.eventId = :event order by r.id""",
                StudyRecordEntity.class)
                .setParameter("study", scope.study().code()).setParameter("site", scope.site().code())
                .setParameter("event", eventId).getResultList().stream().map(StudyRecordEntity::toRecord).toList();
    }

    /** The record with the ID, if it belongs to the active study and site. */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<StudyRecord> study(long id) throws NoActiveScopeException {
        return inScope(scopes.dicomScope(), id).map(StudyRecordEntity::toRecord);
    }

    /**
     * Records a study a workflow stored and verified, in the active study and site, and audits it as an
     * upload, a Study0 staging or a project copy.
     *
     * @throws NotInScopeException if the PID is not a subject of the active study and site, or the source
     *                             record is not in it
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public StudyRecord register(NewStudyRecord r) throws NoActiveScopeException, NotInScopeException {
        return store.register(scopes.dicomScope(), caller(), r);
    }

    /**
     * Links a record to an upload slot of its subject: writes its StudyInstanceUID into the slot and keeps
     * the history. A slot that holds another study is replaced only when {@code replace} is true; the
     * replaced record stays (with its history entry closed).
     *
     * @throws NotInScopeException   if the record or the slot is not in the active study and site, or the
     *                               slot belongs to another subject
     * @throws SlotOccupiedException if the slot holds a study and {@code replace} is false
     * @throws SlotNotWrittenException if the portal refuses to write the slot (nothing is changed)
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public StudyRecord link(long recordId, long slotId, boolean replace)
            throws NoActiveScopeException, NotInScopeException, SlotOccupiedException {
        return store.link(scopes.dicomScope(), caller(), recordId, slotId, replace);
    }

    /**
     * Empties an upload slot; the study record it held stays, with its history entry closed.
     *
     * @throws NotInScopeException if the slot is not in the active study and site
     * @throws SlotNotWrittenException if the portal refuses to empty the slot (nothing is changed)
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public void unlink(long slotId) throws NoActiveScopeException, NotInScopeException {
        ActiveScope scope = scopes.dicomScope();
        UploadSlot slot = portal.slot(scope.study().code(), scope.site().code(), slotId)
                .orElseThrow(() -> new NotInScopeException("Upload slot"));
        if (!portal.clearSlot(scope.study().code(), scope.site().code(), slotId)) {
            throw new SlotNotWrittenException(slotId, true);
        }
        Optional<SlotHistoryEntity> current = currentFill(scope, slotId);
        current.ifPresent(h -> {
            h.leave(null, LocalDateTime.now());
            h.getRecord().fill(null, null);
        });
        audit.record(caller(), AuditAction.UNLINK, scope, current.map(h -> h.getRecord().getPid()).orElse(null),
                slot.studyInstanceUid(), null, "slot " + slotId + " (" + slot.name() + ") emptied");
    }

    /** Which studies filled the slot, oldest first; empty for a slot of another study or site. */
    @RolesAllowed(Roles.PACS_USER)
    public List<SlotHistoryEntry> slotHistory(long slotId) throws NoActiveScopeException {
        ActiveScope scope = scopes.dicomScope();
        if (portal.slot(scope.study().code(), scope.site().code(), slotId).isEmpty()) {
            return List.of();
        }
        return history(scope, slotId).stream().map(SlotHistoryEntity::toEntry).toList();
    }

    /**
     * Audits a download of a study (or one of its series) and returns the record, so the caller knows its
     * UIDs.
     *
     * @param seriesUid the series downloaded, or {@code null} for the whole study
     * @throws NotInScopeException if the record is not in the active study and site
     */
    @RolesAllowed(Roles.PACS_DOWNLOAD)
    public StudyRecord recordDownload(long recordId, String seriesUid) throws NoActiveScopeException, NotInScopeException {
        ActiveScope scope = scopes.dicomScope();
        StudyRecordEntity record = inScope(scope, recordId).orElseThrow(() -> new NotInScopeException("Study record"));
        StudyRecord r = record.toRecord();
        if (seriesUid != null && r.series().stream().noneMatch(s -> s.seriesInstanceUid().equals(seriesUid))) {
            throw new NotInScopeException("Series");
        }
        audit.record(caller(), AuditAction.DOWNLOAD, scope, r.pid(), r.studyInstanceUid(), seriesUid,
                "study record " + recordId);
        return r;
    }

    private Optional<StudyRecordEntity> inScope(ActiveScope scope, long id) {
        return store.inScope(scope, id);
    }

    private Optional<SlotHistoryEntity> currentFill(ActiveScope scope, long slotId) {
        return store.currentFill(scope, slotId);
    }

    private List<SlotHistoryEntity> history(ActiveScope scope, long slotId) {
        return store.history(scope, slotId);
    }

    private String caller() {
        return session.getCallerPrincipal().getName();
    }
}
