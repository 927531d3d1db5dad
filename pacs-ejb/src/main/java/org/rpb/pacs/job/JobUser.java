package org.rpb.pacs.job;

import java.util.Optional;
import java.util.function.Supplier;

import org.wildfly.security.auth.server.RealmUnavailableException;
import org.wildfly.security.auth.server.SecurityDomain;
import org.wildfly.security.auth.server.SecurityIdentity;
import org.wildfly.security.auth.server.ServerAuthenticationContext;

/**
 * The security identity of a job.s user, for resuming the job when nobody is logged in (see
 * {@link JobRecovery}). Taken from the deployment's Elytron security domain by name alone: the realm says
 * whether the user exists and the domain's role mapping gives the user's roles as they are now, so the resumed
 * job is checked exactly as the user's own retry would be. No credential is used or needed, which is why only
 * the recovery, with a name it read from the job repository (written there by {@link the job services} as the
 * authenticated caller), may ask for one.
 */
public final class JobUser {

    private JobUser() {
    }

    /**
     * Runs an action as a user.
     *
     * @param <T> the action's result
     * @param user a user name as the caller principal gave it
     * @param action what to do as that user (its exceptions propagate)
     * @return the action's result, or empty (and the action not run) if that user's identity cannot be had
     *         (see {@link #identity(String)})
     */
    public static <T> Optional<T> runAs(String user, Supplier<T> action) {
        // runAsFunction, not runAs: the same association, and it compiles against the auth-server API alone
        return identity(user).map(i -> i.runAsFunction((ignored, alsoIgnored) -> action.get(), null, null));
    }

    /**
     * @param user a user name as the caller principal gave it
     * @return that user's identity, or empty if the deployment has no Elytron security domain, the realm does not
     *         know the user (any more), the realm cannot be reached, or the user may not log in
     */
    static Optional<SecurityIdentity> identity(String user) {
        SecurityDomain domain = SecurityDomain.getCurrent();
        if (domain == null || user == null || user.isBlank()) {
            return Optional.empty();
        }
        try (ServerAuthenticationContext context = domain.createNewAuthenticationContext()) {
            context.setAuthenticationName(user);
            // authorize() checks that the identity exists and holds LoginPermission; it asks for no evidence
            return context.authorize() ? Optional.of(context.getAuthorizedIdentity()) : Optional.empty();
        } catch (RealmUnavailableException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
