package org.rpb.pacs.vocabulary;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.audit.AuditLog;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.vocabulary.internal.RoiMappingRuleEntity;
import org.rpb.pacs.vocabulary.internal.VocabularyProjectEntity;

/**
 * Administration of the RT structure vocabulary: the standard ROI names and the mapping rules of the caller's
 * active study (never a study the caller names). Only for {@code ROLE_PACS_ADMIN}. Changes are audited for that
 * study, so only its administrators see them.
 */
@Stateless
@RolesAllowed(Roles.PACS_ADMIN)
public class VocabularyService {

    @Resource
    private SessionContext session;

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @EJB
    private ActiveScopeService scopes;

    @Inject
    private AuditLog audit;

    /** @return the bundled standard ROI names */
    public List<StandardRoiName> standardNames() {
        return StandardRoiNames.bundled().all();
    }

    /**
     * @return the active study's settings (disabled with no rules when never saved)
     * @throws NoActiveScopeException when the caller has no study
     */
    public ProjectVocabulary vocabulary() throws NoActiveScopeException {
        return load(em, scopes.dicomScope().study().code());
    }

    /**
     * Replaces the active study's mapping rules and switch.
     *
     * @param enabled whether de-identification uses the mapping
     * @param rules   the rules in priority order (each already checked by {@link RoiMappingRule})
     * @return the settings as stored
     * @throws NoActiveScopeException when the caller has no study
     */
    public ProjectVocabulary save(boolean enabled, List<RoiMappingRule> rules) throws NoActiveScopeException {
        String studyCode = scopes.dicomScope().study().code();
        String user = session.getCallerPrincipal().getName();
        VocabularyProjectEntity p = em.find(VocabularyProjectEntity.class, studyCode);
        if (p == null) {
            p = new VocabularyProjectEntity(studyCode);
            p.changed(enabled, user, LocalDateTime.now(ZoneOffset.UTC));
            em.persist(p);
        } else {
            p.changed(enabled, user, LocalDateTime.now(ZoneOffset.UTC));
        }
        em.createQuery("DELETE FROM RoiMappingRuleEntity r WHERE r.studyCode = :s")
                .setParameter("s", studyCode).executeUpdate();
        em.flush();
        int pos = 0;
        for (RoiMappingRule r : rules) {
            em.persist(new RoiMappingRuleEntity(studyCode, pos++, r));
        }
        em.flush();
        audit.studyConfiguration(user, studyCode, "ROI vocabulary of study " + studyCode + " saved: " + rules.size()
                + " rules, " + (enabled ? "used" : "not used") + " by de-identification");
        return load(em, studyCode);
    }

    static ProjectVocabulary load(EntityManager em, String studyCode) {
        VocabularyProjectEntity p = em.find(VocabularyProjectEntity.class, studyCode);
        if (p == null) {
            return new ProjectVocabulary(studyCode, false, RoiMapping.NONE);
        }
        List<RoiMappingRule> rules = new ArrayList<>();
        for (RoiMappingRuleEntity e : em.createQuery(
                "SELECT r FROM RoiMappingRuleEntity r WHERE r.studyCode = :s ORDER BY r.position",
                RoiMappingRuleEntity.class).setParameter("s", studyCode).getResultList()) {
            rules.add(e.toRule());
        }
        return new ProjectVocabulary(studyCode, p.isEnabled(), RoiMapping.of(rules));
    }

}
