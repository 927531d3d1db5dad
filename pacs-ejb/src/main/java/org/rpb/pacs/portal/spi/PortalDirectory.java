package org.rpb.pacs.portal.spi;

import java.util.List;
import java.util.Optional;

import org.rpb.pacs.portal.ActiveScope;

/**
 * What the module needs from the portal about studies, sites and users.
 *
 * <p>The module ships a default implementation on its own tables so that it runs alone. The portal
 * replaces it with a CDI alternative ({@code @Alternative @Priority(...)}) of its own, without
 * touching the services.
 */
public interface PortalDirectory {

    /** The study/site pairs in which the user may work, in a stable display order. */
    List<ActiveScope> accessibleScopes(String userName);

    /** The study and site the user has chosen to work in, if the user has chosen one. */
    Optional<ActiveScope> activeScope(String userName);

    /**
     * Makes the given study and site the user's active ones.
     *
     * @throws IllegalArgumentException if the user has no access to that study and site
     */
    ActiveScope selectActiveScope(String userName, String studyCode, String siteCode);
}
