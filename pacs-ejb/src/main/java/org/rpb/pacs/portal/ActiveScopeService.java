package org.rpb.pacs.portal;

import java.util.List;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.portal.spi.PortalDirectory;
import org.rpb.pacs.security.Roles;

/**
 * The caller's active study and site: which ones the caller may choose, which one is active, and
 * the choice itself. The caller is always the authenticated principal, never a parameter, so no
 * caller can act in another user's scope.
 */
@Stateless
@RolesAllowed(Roles.PACS_USER)
public class ActiveScopeService {

    @Resource
    private SessionContext session;

    @Inject
    private PortalDirectory directory;

    /** The study/site pairs the caller may work in. */
    public List<ActiveScope> choices() {
        return directory.accessibleScopes(caller());
    }

    /**
     * The caller's active study and site. A caller who has not chosen yet works in the first
     * study/site open to them, and that choice is remembered.
     *
     * @throws NoActiveScopeException if the caller has access to no study at all
     */
    public ActiveScope current() throws NoActiveScopeException {
        String user = caller();
        var active = directory.activeScope(user);
        if (active.isPresent()) {
            return active.get();
        }
        ActiveScope first = directory.accessibleScopes(user).stream()
                .findFirst()
                .orElseThrow(NoActiveScopeException::new);
        return directory.selectActiveScope(user, first.study().code(), first.site().code());
    }

    /**
     * Makes a study and site the caller's active ones.
     *
     * @throws ScopeNotAccessibleException if the caller has no access to them
     */
    public ActiveScope select(String studyCode, String siteCode) {
        String user = caller();
        boolean open = directory.accessibleScopes(user).stream().anyMatch(s -> s.is(studyCode, siteCode));
        if (!open) {
            throw new ScopeNotAccessibleException(studyCode, siteCode);
        }
        return directory.selectActiveScope(user, studyCode, siteCode);
    }

    private String caller() {
        return session.getCallerPrincipal().getName();
    }
}
