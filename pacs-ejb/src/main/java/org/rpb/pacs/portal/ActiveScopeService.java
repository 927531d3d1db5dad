package org.rpb.pacs.portal;

import java.util.List;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.rpb.pacs.portal.spi.PortalDirectory;
import org.rpb.pacs.portal.spi.PortalStudyData;
import org.rpb.pacs.security.Roles;

/**
 * The caller's active study and site: which ones the caller may choose, which one is active, and
 * the choice itself. The caller is always the authenticated principal, never a parameter, so no
 * caller can act in another user's scope.
 *
 * <p>The one source of truth for a study's flags is the portal SPI's {@link PortalStudyData#configuration
 * study configuration}: every {@link StudyRef} this service hands out takes {@code dicomEnabled} from its tag
 * {@code DICOM} and {@code study0} from it, so a portal that replaces the SPI switches DICOM on and off for
 * every service at once. Services that work on DICOM data take their scope from {@link #dicomScope()}.
 *
 * <p>Every service call of a request asks for the scope, so within one transaction the caller's choices and active
 * scope are read once and kept with the transaction (never longer, never for another caller): a user whose access is
 * withdrawn is refused from the next transaction on, as before.
 */
@Stateless
@RolesAllowed(Roles.PACS_USER)
public class ActiveScopeService {
    /** Keys of what a transaction keeps for a caller (followed by the caller's name). */
    private static final String CHOICES = ActiveScopeService.class.getName() + ".choices:";
    private static final String CURRENT = ActiveScopeService.class.getName() + ".current:";

    @Resource
    private SessionContext session;

    @Inject
    private PortalDirectory directory;

    @Inject
    private PortalStudyData studies;

    @Resource
    private TransactionSynchronizationRegistry transaction;

    /** The study/site pairs the caller may work in. */
    public List<ActiveScope> choices() {
        String user = caller();
        List<ActiveScope> kept = kept(CHOICES, user);
        if (kept != null) {
            return kept;
        }
        return keep(CHOICES, user, directory.accessibleScopes(user).stream().map(this::withStudyConfiguration).toList());
    }

    /**
     * The caller's active study and site. A caller who has not chosen yet works in the first
     * study/site open to them, and that choice is remembered.
     *
     * @throws NoActiveScopeException if the caller has access to no study at all
     */
    public ActiveScope current() throws NoActiveScopeException {
        String user = caller();
        ActiveScope kept = kept(CURRENT, user);
        if (kept != null) {
            return kept;
        }
        var active = directory.activeScope(user);
        if (active.isPresent()) {
            return keep(CURRENT, user, withStudyConfiguration(active.get()));
        }
        ActiveScope first = directory.accessibleScopes(user).stream()
                .findFirst()
                .orElseThrow(NoActiveScopeException::new);
        return keep(CURRENT, user,
                withStudyConfiguration(directory.selectActiveScope(user, first.study().code(), first.site().code())));
    }

    /**
     * The caller's active study and site, for services that work on DICOM data.
     *
     * @throws NoActiveScopeException   if the caller has access to no study at all
     * @throws DicomNotEnabledException if the active study's tag {@code DICOM} is not {@code true}
     */
    public ActiveScope dicomScope() throws NoActiveScopeException {
        ActiveScope scope = current();
        if (!scope.study().dicomEnabled()) {
            throw new DicomNotEnabledException(scope.study().code());
        }
        return scope;
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
        return keep(CURRENT, user, withStudyConfiguration(directory.selectActiveScope(user, studyCode, siteCode)));
    }

    /** What this transaction read already for the user, or null (also when no transaction is active). */
    @SuppressWarnings("unchecked")
    private <T> T kept(String what, String user) {
        return transaction.getTransactionKey() == null ? null : (T) transaction.getResource(what + user);
    }

    /** Keeps a value for the rest of the transaction (values are immutable); returns it. */
    private <T> T keep(String what, String user, T value) {
        if (transaction.getTransactionKey() != null) {
            try {
                transaction.putResource(what + user, value);
            } catch (IllegalStateException e) {
                // the transaction is ending: nothing to keep it for
            }
        }
        return value;
    }

    /** The scope with the study's flags from the SPI's configuration; a study it does not know collects nothing. */
    private ActiveScope withStudyConfiguration(ActiveScope scope) {
        StudyRef s = scope.study();
        return studies.configuration(s.code())
                .map(c -> new ActiveScope(new StudyRef(s.code(), s.name(), c.dicomEnabled(), c.study0()), scope.site()))
                .orElseGet(() -> new ActiveScope(new StudyRef(s.code(), s.name(), false, s.study0()), scope.site()));
    }

    private String caller() {
        return session.getCallerPrincipal().getName();
    }
}
