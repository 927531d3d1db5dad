package org.rpb.pacs.profile;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.profile.internal.ProfileVersionEntity;

/**
 * A project's profile versions by study code, for background jobs that must keep the version they were
 * started with whatever the caller's active study is now. A plain CDI bean, not an EJB: no client can reach
 * it; the services that start jobs check roles and scope. Runs in the caller's transaction.
 */
@ApplicationScoped
public class ProfileVersions {

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    /**
     * @param studyCode the project
     * @param version   a version number, or 0 for the defaults a project has before any version is saved
     * @return the settings of that version
     * @throws ProfileVersionNotFoundException if the project has no such version
     */
    public ProfileSettings settings(String studyCode, int version) throws ProfileVersionNotFoundException {
        if (version == 0) {
            return ProfileSettings.defaults();
        }
        return em.createQuery("select p from ProfileVersionEntity p where p.studyCode = :s and p.version = :v",
                ProfileVersionEntity.class).setParameter("s", studyCode).setParameter("v", version)
                .getResultList().stream().findFirst().map(e -> e.toVersion().settings())
                .orElseThrow(() -> new ProfileVersionNotFoundException(version));
    }

    /**
     * @param studyCode the project
     * @return its newest version number, 0 when none was saved
     */
    public int latest(String studyCode) {
        Optional<Integer> v = em.createQuery("select max(p.version) from ProfileVersionEntity p where p.studyCode = :s",
                Integer.class).setParameter("s", studyCode).getResultList().stream().filter(x -> x != null).findFirst();
        return v.orElse(0);
    }
}
