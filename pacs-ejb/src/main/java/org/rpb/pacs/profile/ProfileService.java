package org.rpb.pacs.profile;

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
import org.rpb.pacs.deident.rules.RuleFileException;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.profile.internal.ProfileVersionEntity;
import org.rpb.pacs.security.Roles;

/**
 * The de-identification profile of the caller's active study: reading it (every user, since uploads show
 * what it will change), and saving or restoring versions (administrators; each is audited).
 */
@Stateless
public class ProfileService {

    @Resource
    private SessionContext session;

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @EJB
    private ActiveScopeService scopes;

    @Inject
    private AuditLog audit;

    /** The active study's newest profile version, or empty if none was saved yet (then the defaults apply). */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<ProfileVersion> current() throws NoActiveScopeException {
        return latest(scopes.dicomScope().study().code()).map(ProfileVersionEntity::toVersion);
    }

    /** The active study's profile versions, newest first. */
    @RolesAllowed(Roles.PACS_ADMIN)
    public List<ProfileVersion> versions() throws NoActiveScopeException {
        return all(scopes.dicomScope().study().code()).stream().map(ProfileVersionEntity::toVersion).toList();
    }

    /** The active study's version with the number. */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<ProfileVersion> version(int version) throws NoActiveScopeException {
        String study = scopes.dicomScope().study().code();
        return all(study).stream().map(ProfileVersionEntity::toVersion).filter(v -> v.version() == version).findFirst();
    }

    /**
     * Saves the settings as the active study's next version.
     *
     * @throws InvalidProfileException naming an unknown option or a rule line that does not parse
     */
    @RolesAllowed(Roles.PACS_ADMIN)
    public ProfileVersion save(ProfileSettings settings) throws NoActiveScopeException, InvalidProfileException {
        validate(settings);
        return store(scopes.dicomScope(), settings, null);
    }

    /**
     * Makes an old version current again, as a new version that copies it.
     *
     * @throws ProfileVersionNotFoundException if the active study has no such version
     */
    @RolesAllowed(Roles.PACS_ADMIN)
    public ProfileVersion restore(int version) throws NoActiveScopeException, ProfileVersionNotFoundException {
        ActiveScope scope = scopes.dicomScope();
        ProfileVersion old = all(scope.study().code()).stream().map(ProfileVersionEntity::toVersion)
                .filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new ProfileVersionNotFoundException(version));
        return store(scope, old.settings(), version);
    }

    /**
     * Parses the rules (the options are pacs-deident's {@code Option} constants by type).
     *
     * @throws InvalidProfileException naming what is wrong
     */
    public static void validate(ProfileSettings settings) throws InvalidProfileException {
        try {
            rules(settings, "profile rules");
        } catch (RuleFileException e) {
            throw new InvalidProfileException(e.getMessage());
        }
    }

    /**
     * The profile's custom rules for pacs-deident; no text means no rules.
     *
     * @param source names the rules in error messages
     * @throws RuleFileException naming the line that does not parse
     */
    public static Rules rules(ProfileSettings settings, String source) throws RuleFileException {
        return settings.rulesText().isBlank() ? Rules.NONE : Rules.parse(settings.rulesText(), source);
    }

    private ProfileVersion store(ActiveScope scope, ProfileSettings settings, Integer restoredFrom) {
        String study = scope.study().code();
        int next = latest(study).map(e -> e.toVersion().version() + 1).orElse(1);
        ProfileVersionEntity e = new ProfileVersionEntity(study, next, settings, restoredFrom, caller(),
                LocalDateTime.now());
        em.persist(e);
        audit.record(caller(), AuditAction.CONFIGURATION, scope, null, null, null,
                "de-identification profile version " + next
                        + (restoredFrom == null ? " saved" : " restored from version " + restoredFrom));
        return e.toVersion();
    }

    private Optional<ProfileVersionEntity> latest(String study) {
        return all(study).stream().findFirst();
    }

    private List<ProfileVersionEntity> all(String study) {
        return em.createQuery("select p from ProfileVersionEntity p where p.studyCode = :s order by p.version desc",
                ProfileVersionEntity.class).setParameter("s", study).getResultList();
    }

    private String caller() {
        return session.getCallerPrincipal().getName();
    }
}
