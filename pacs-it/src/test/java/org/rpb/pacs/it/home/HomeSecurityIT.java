package org.rpb.pacs.it.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rpb.pacs.home.HomeOverview;
import org.rpb.pacs.home.PacsHomeService;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.ScopeNotAccessibleException;

/**
 * The start page service and the active study/site, in the container, with the real security
 * domain and database: roles are enforced and a user stays inside the studies open to them.
 */
@ExtendWith(ArquillianExtension.class)
class HomeSecurityIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(HomeSecurityIT.class);
    }

    @EJB
    private PacsHomeService home;

    @EJB
    private ActiveScopeService scopes;

    @Test
    void userWithoutPacsRoleIsRefusedByEveryService() {
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.OUTSIDER, home::overview));
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.OUTSIDER, scopes::choices));
        assertThrows(EJBAccessException.class,
                () -> RunAs.user(DemoUsers.OUTSIDER, () -> scopes.select("RTTRIAL", "DD")));
    }

    @Test
    void anonymousCallerIsRefused() {
        assertThrows(EJBAccessException.class, () -> home.overview());
    }

    @Test
    void choicesAreTheStudiesAndSitesOpenToTheUser() throws Exception {
        List<String> viewer = RunAs.user(DemoUsers.VIEWER, () -> keys(scopes.choices()));
        assertEquals(List.of("RTTRIAL@DD", "RTTRIAL@MUC"), viewer);
        List<String> stager = RunAs.user(DemoUsers.STAGER, () -> keys(scopes.choices()));
        assertEquals(List.of("RTTRIAL@DD", "STUDY0@DD"), stager);
    }

    @Test
    void aStudyOrSiteNotOpenToTheUserCannotBeMadeActive() throws Exception {
        RunAs.user(DemoUsers.VIEWER, () -> scopes.select("RTTRIAL", "MUC"));
        assertThrows(ScopeNotAccessibleException.class,
                () -> RunAs.user(DemoUsers.VIEWER, () -> scopes.select("STUDY0", "DD")));
        assertThrows(ScopeNotAccessibleException.class,
                () -> RunAs.user(DemoUsers.UPLOADER, () -> scopes.select("RTTRIAL", "MUC")));
        // the refused choice left the previous one in place
        ActiveScope still = RunAs.user(DemoUsers.VIEWER, scopes::current);
        assertTrue(still.is("RTTRIAL", "MUC"), "active scope after a refused change: " + still);
    }

    @Test
    void overviewFollowsTheActiveStudyAndTheRoles() throws Exception {
        HomeOverview noDicom = RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("QOL", "DD");
            return home.overview();
        });
        assertFalse(noDicom.dicomEnabled(), "QOL does not collect DICOM");
        assertFalse(noDicom.canUpload(), "nothing is offered in a study without DICOM");

        HomeOverview trial = RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("RTTRIAL", "DD");
            return home.overview();
        });
        assertTrue(trial.dicomEnabled());
        assertTrue(trial.canUpload());
        assertTrue(trial.canDownload());
        assertFalse(trial.canLookup(), "the uploader has no lookup role");
        assertFalse(trial.canAdminister());

        HomeOverview viewer = RunAs.user(DemoUsers.VIEWER, home::overview);
        assertFalse(viewer.canUpload(), "the viewer has only ROLE_PACS_USER");

        HomeOverview study0 = RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            return home.overview();
        });
        assertTrue(study0.canLookup(), "lookup is offered in Study0 to a user with the lookup role");
    }

    private static List<String> keys(List<ActiveScope> scopes) {
        return scopes.stream().map(s -> s.study().code() + "@" + s.site().code()).toList();
    }
}
