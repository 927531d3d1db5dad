package org.rpb.pacs.portal.internal;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.spi.PortalDirectory;

/**
 * The default {@link PortalDirectory}, on the module's own tables. Callers provide the transaction
 * (the services are EJBs).
 */
@ApplicationScoped
public class DatabasePortalDirectory implements PortalDirectory {

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @Override
    public List<ActiveScope> accessibleScopes(String userName) {
        return accessOf(userName).stream().map(PortalUserAccess::toScope).toList();
    }

    @Override
    public Optional<ActiveScope> activeScope(String userName) {
        PortalActiveScope active = em.find(PortalActiveScope.class, userName);
        if (active == null) {
            return Optional.empty();
        }
        ActiveScope scope = active.toScope();
        // Access can be withdrawn after the user chose the scope: then it is no longer active.
        return accessibleScopes(userName).contains(scope) ? Optional.of(scope) : Optional.empty();
    }

    @Override
    public ActiveScope selectActiveScope(String userName, String studyCode, String siteCode) {
        PortalUserAccess access = accessOf(userName).stream()
                .filter(a -> a.getStudy().getCode().equals(studyCode) && a.getSite().getCode().equals(siteCode))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "No access to study " + studyCode + " at site " + siteCode));
        PortalActiveScope active = em.find(PortalActiveScope.class, userName);
        if (active == null) {
            active = new PortalActiveScope(userName);
            active.select(access.getStudy(), access.getSite());
            em.persist(active);
        } else {
            active.select(access.getStudy(), access.getSite());
        }
        return active.toScope();
    }

    private List<PortalUserAccess> accessOf(String userName) {
        return em.createQuery("""
                select a from PortalUserAccess a
                where a.userName = :user
                order by a.study.code, a.site.code""", PortalUserAccess.class)
                .setParameter("user", userName)
                .getResultList();
    }
}
