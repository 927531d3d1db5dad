package org.rpb.pacs.audit;

import java.time.LocalDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.audit.internal.AuditEventEntity;
import org.rpb.pacs.portal.ActiveScope;

/**
 * Writes audit events in the caller's transaction (services are EJBs, so there always is one): the event
 * is committed with the change it records, or not at all. Callers pass pseudonyms and UIDs only.
 */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    /**
     * Records an event in a study and site.
     *
     * @param user      the authenticated caller
     * @param action    what was done
     * @param scope     the caller's active study and site
     * @param pid       the subject's PID, or {@code null}
     * @param studyUid  the StudyInstanceUID concerned, or {@code null}
     * @param seriesUid the SeriesInstanceUID concerned, or {@code null}
     * @param detail    further facts without patient data, or {@code null}
     */
    public void record(String user, AuditAction action, ActiveScope scope, String pid, String studyUid,
            String seriesUid, String detail) {
        em.persist(new AuditEventEntity(LocalDateTime.now(), user, action, scope.study().code(),
                scope.site().code(), pid, studyUid, seriesUid, detail));
    }

    /**
     * Records a configuration change of one study that holds for all its sites (e.g. its ROI vocabulary):
     * administrators of that study see it at every site, those of other studies never.
     */
    public void studyConfiguration(String user, String studyCode, String detail) {
        em.persist(new AuditEventEntity(LocalDateTime.now(), user, AuditAction.CONFIGURATION, studyCode, null, null,
                null, null, detail));
    }

    /** Records a server-wide configuration change (not bound to a study). */
    public void configuration(String user, String detail) {
        em.persist(new AuditEventEntity(LocalDateTime.now(), user, AuditAction.CONFIGURATION, null, null, null,
                null, null, detail));
    }
}
