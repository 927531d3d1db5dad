package org.rpb.pacs.it.support;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The base of the tests that use the module's pages in Chromium, as a client of the Arquillian server: the EAR as
 * the build made it is deployed, and each test gets a fresh {@link #browser}. A test that deploys something else
 * (a test WAR) does not extend it: Arquillian would find two deployments.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class ModuleInChromium {

    /** A fresh Chromium per test (screenshot on failure, closed afterwards). */
    @RegisterExtension
    protected final Browser browser = new Browser();

    /** @return the module's EAR */
    @Deployment(testable = false)
    public static EnterpriseArchive deployment() {
        return Deployments.ear();
    }
}
