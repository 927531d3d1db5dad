package org.rpb.pacs.audit;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import org.rpb.pacs.audit.internal.AuditEventEntity;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.security.Roles;

/**
 * Reading the audit trail, for administrators: the events of their active study and site, the configuration
 * changes of that study that hold for all its sites, and server-wide configuration changes, filtered and paged,
 * newest first.
 */
@Stateless
public class AuditService {

    /** Largest page size served. */
    public static final int MAX_PAGE_SIZE = 500;

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @EJB
    private ActiveScopeService scopes;

    /**
     * One page of the events matching the filter.
     *
     * @param filter which events
     * @param page   page number from 0
     * @param size   events per page, 1 to {@value #MAX_PAGE_SIZE}
     * @throws NoActiveScopeException if the caller has no study and site
     * @throws IllegalArgumentException if page or size are out of range
     */
    @RolesAllowed(Roles.PACS_ADMIN)
    public AuditPage events(AuditFilter filter, int page, int size) throws NoActiveScopeException {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size 1.." + MAX_PAGE_SIZE);
        }
        ActiveScope scope = scopes.dicomScope();
        List<String> where = new ArrayList<>();
        // the scope's events, its study's site-independent configuration, and server-wide configuration
        where.add("((e.studyCode = :study and (e.siteCode = :site or e.siteCode is null)) or e.studyCode is null)");
        if (filter.user() != null) {
            where.add("e.userName = :user");
        }
        if (filter.action() != null) {
            where.add("e.action = :action");
        }
        if (filter.pid() != null) {
            where.add("e.pid = :pid");
        }
        if (filter.from() != null) {
            where.add("e.occurredAt >= :from");
        }
        if (filter.to() != null) {
            where.add("e.occurredAt < :to");
        }
        String condition = " where " + String.join(" and ", where);
        TypedQuery<AuditEventEntity> q = em.createQuery(
                "select e from AuditEventEntity e" + condition + " order by e.occurredAt desc, e.id desc",
                AuditEventEntity.class);
        TypedQuery<Long> count = em.createQuery("select count(e) from AuditEventEntity e" + condition, Long.class);
        for (TypedQuery<?> t : List.of(q, count)) {
            t.setParameter("study", scope.study().code()).setParameter("site", scope.site().code());
            if (filter.user() != null) {
                t.setParameter("user", filter.user());
            }
            if (filter.action() != null) {
                t.setParameter("action", filter.action());
            }
            if (filter.pid() != null) {
                t.setParameter("pid", filter.pid());
            }
            if (filter.from() != null) {
                t.setParameter("from", filter.from());
            }
            if (filter.to() != null) {
                t.setParameter("to", filter.to());
            }
        }
        List<AuditEvent> events = q.setFirstResult(page * size).setMaxResults(size).getResultList().stream()
                .map(AuditEventEntity::toEvent).toList();
        return new AuditPage(events, count.getSingleResult(), page, size);
    }
}
