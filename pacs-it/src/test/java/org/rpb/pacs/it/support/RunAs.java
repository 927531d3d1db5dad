package org.rpb.pacs.it.support;

import java.util.concurrent.Callable;

import org.wildfly.security.auth.server.RealmUnavailableException;
import org.wildfly.security.auth.server.SecurityDomain;
import org.wildfly.security.auth.server.SecurityIdentity;
import org.wildfly.security.evidence.PasswordGuessEvidence;

/** Runs code inside the server as a demo user, authenticated by the real security domain. */
public final class RunAs {

    private RunAs() {
    }

    /** Calls {@code action} as {@code user}, logged in with the demo password. */
    public static <T> T user(String user, Callable<T> action) throws Exception {
        SecurityDomain domain = SecurityDomain.getCurrent();
        if (domain == null) {
            throw new IllegalStateException("No security domain: the test WAR must be in the 'other' domain");
        }
        SecurityIdentity identity;
        try {
            identity = domain.authenticate(user, new PasswordGuessEvidence(DemoUsers.password(user).toCharArray()));
        } catch (RealmUnavailableException e) {
            throw new IllegalStateException("Security realm unavailable", e);
        }
        return identity.runAs(action);
    }
}
