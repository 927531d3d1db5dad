package org.rpb.pacs.it.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.jboss.arquillian.container.test.api.Testable;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The deployments of the server tests: the EAR as the build made it, plus a test WAR where needed. */
public final class Deployments {

    private Deployments() {
    }

    /** The EAR exactly as {@code ear/target} holds it, for tests that act as a client. */
    public static EnterpriseArchive ear() {
        File ear = new File(System.getProperty("pacs.ear", "../ear/target/pacs.ear"));
        if (!ear.isFile()) {
            throw new IllegalStateException("No EAR at " + ear.getAbsolutePath() + ": build it with mvn install first");
        }
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    /**
     * The EAR plus a WAR holding the given test classes, which run inside the server next to the
     * module's EJBs and may call them as any demo user (see {@link RunAs}).
     */
    public static EnterpriseArchive earWithTests(Class<?>... testClasses) {
        WebArchive tests = war("pacs-it", testClasses)
                .addClasses(DriverServlet.class)
                // the tests wait with Awaitility (and its Hamcrest) inside the server too
                .addPackages(true, "org.awaitility", "org.hamcrest");
        EnterpriseArchive ear = ear().addAsModule(Testable.archiveToTest(tests));
        // application.xml lists the modules to deploy: the test WAR must be listed too
        String application;
        try (InputStream in = ear.get("META-INF/application.xml").getAsset().openStream()) {
            application = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        application = application.replace("</application>", """
                  <module><web><web-uri>pacs-it.war</web-uri><context-root>/pacs-it</context-root></web></module>
                </application>""");
        return ear.setApplicationXML(new StringAsset(application));
    }

    /**
     * A WAR of another module that calls the module's remote API, deployed beside the EAR: the given classes (the test
     * and what that module compiles against) and the demo users' {@link RunAs}.
     *
     * @param name the WAR's name and context root, e.g. {@code rpb-edc-client}
     * @param classes the test class and the API's interfaces and values
     * @return the WAR
     */
    public static WebArchive clientWar(String name, Class<?>... classes) {
        return war(name, classes);
    }

    /** A WAR with the classes and {@link RunAs}, in the security domain the demo users log in to. */
    private static WebArchive war(String name, Class<?>... classes) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(classes)
                .addClasses(RunAs.class, DemoUsers.class)
                .addAsWebInfResource(new StringAsset("""
                        <jboss-web xmlns="urn:jboss:jakartaee:1.0" version="15.0">
                          <security-domain>other</security-domain>
                          <context-root>/%s</context-root>
                        </jboss-web>""".formatted(name)), "jboss-web.xml")
                .setManifest(new StringAsset("""
                        Manifest-Version: 1.0
                        Dependencies: org.wildfly.security.elytron
                        """));
    }
}
