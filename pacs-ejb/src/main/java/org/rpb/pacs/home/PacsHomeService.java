package org.rpb.pacs.home;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.security.Roles;

/** The module's start page: the active study and site and the workflows open to the caller there. */
@Stateless
@RolesAllowed(Roles.PACS_USER)
public class PacsHomeService {

    @Resource
    private SessionContext session;

    @Inject
    private ActiveScopeService scopes;

    /**
     * What the caller can do in the active study and site. Nothing is offered when the study does not
     * collect DICOM data.
     */
    public HomeOverview overview() throws NoActiveScopeException {
        ActiveScope scope = scopes.current();
        boolean dicom = scope.study().dicomEnabled();
        return new HomeOverview(scope,
                dicom && session.isCallerInRole(Roles.PACS_UPLOAD),
                dicom && session.isCallerInRole(Roles.PACS_LOOKUP) && scope.study().study0(),
                dicom && session.isCallerInRole(Roles.PACS_DOWNLOAD),
                session.isCallerInRole(Roles.PACS_ADMIN));
    }
}
