package org.rpb.pacs.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.OwnDatabase;
import org.rpb.pacs.it.support.OwnWildFly;

/**
 * Two nodes of the cluster profile (issue 14) behind the balancer, all three WildFlys of the test's own on a
 * PostgreSQL database of its own, used through Chromium: a user logs in through the balancer, chooses an active
 * study and opens a subject; the node that serves the session (the route in the session cookie) is killed with
 * SIGKILL; the reload through the balancer lands on the other node, and the user is still logged in, in the same
 * active study, on the same subject, and works on (the subject list, its sorting, the other pages). Not an
 * Arquillian test; every process it starts is stopped at the end, also on failure.
 */
class ClusterFailoverBrowserIT {
    private static final int NODE1_OFFSET = 410;
    private static final int NODE2_OFFSET = 420;
    private static final int BALANCER_OFFSET = 430;

    @RegisterExtension
    final Browser browser = Browser.at("http://127.0.0.1:" + (8080 + BALANCER_OFFSET) + "/pacs/");

    @Test
    void aUserStaysLoggedInInTheSameStudyWhenTheNodeServingTheSessionIsKilled() throws Exception {
        Path dir = Files.createDirectories(Path.of("target").toAbsolutePath()
                .resolve("cluster-it-" + System.currentTimeMillis()));
        Path ear = Path.of(System.getProperty("pacs.ear", "../ear/target/pacs.ear")).toAbsolutePath();
        try (OwnDatabase db = OwnDatabase.postgres("pacs_cluster")) {
            // one server key for the project keys on all nodes, one exchange folder
            Map<String, String> shared = OwnWildFly.clusterShared(dir, NODE1_OFFSET, NODE2_OFFSET);
            shared.putAll(db.properties());
            shared.put("pacs.demo.data", "true");
            Map<String, String> p1 = new LinkedHashMap<>(shared);
            p1.put("pacs.receiver.aet", "RPBPACS1");
            p1.put("pacs.receiver.port", Integer.toString(OrthancServer.freePort()));
            Map<String, String> p2 = new LinkedHashMap<>(shared);
            p2.put("pacs.receiver.aet", "RPBPACS2");
            p2.put("pacs.receiver.port", Integer.toString(OrthancServer.freePort()));
            Map<String, String> pb = Map.of("pacs.balancer.node1.port", Integer.toString(8080 + NODE1_OFFSET),
                    "pacs.balancer.node2.port", Integer.toString(8080 + NODE2_OFFSET));
            try (OwnWildFly node1 = OwnWildFly.clusterNode("node1", dir, NODE1_OFFSET).properties(p1).deploy(ear).build();
                    OwnWildFly node2 = OwnWildFly.clusterNode("node2", dir, NODE2_OFFSET).properties(p2).deploy(ear).build();
                    OwnWildFly balancer = OwnWildFly.builder("balancer").base(dir.resolve("balancer"))
                            .profile("standalone-balancer.xml").offset(BALANCER_OFFSET).heap("256m").properties(pb)
                            .build()) {
                // one after the other: the first node migrates the schema and loads the demo data
                node1.start();
                node2.start();
                balancer.start();
                failover(List.of(node1, node2));
                for (OwnWildFly n : List.of(node1, node2)) {
                    String log = Files.readString(n.serverLog());
                    assertFalse(log.contains("NotSerializableException"), "a session attribute of " + n.name()
                            + " could not be replicated; see " + n.serverLog());
                }
            }
        }
    }

    private void failover(List<OwnWildFly> nodes) throws Exception {
        browser.login(DemoUsers.UPLOADER, DemoUsers.password(DemoUsers.UPLOADER));
        browser.waitFor(By.id("activeStudy"));
        browser.chooseActiveStudy("RTTRIAL · DD", "RT-TRIAL-01");
        browser.open("subjects/index.xhtml");
        browser.waitFor(By.id("subjectsForm:subjects"));
        browser.driver().findElements(By.cssSelector("a.pacs-subject-link")).stream()
                .filter(a -> a.getText().equals("RT-DD-003")).findFirst().orElseThrow().click();
        browser.waitForText(By.id("studySubjectId"), "RT-DD-003");
        String subjectPage = browser.driver().getCurrentUrl();

        String route = route();
        OwnWildFly serving = nodes.stream().filter(n -> n.name().equals(route)).findFirst()
                .orElseThrow(() -> new AssertionError("the session cookie names no node: " + route));
        OwnWildFly survivor = nodes.stream().filter(n -> n != serving).findFirst().orElseThrow();
        serving.kill();

        browser.driver().navigate().refresh();
        browser.waitForText(By.id("studySubjectId"), "RT-DD-003");
        assertEquals(subjectPage, browser.driver().getCurrentUrl(), "still on the subject's page, not at the login");
        assertTrue(browser.driver().findElements(By.id("login")).isEmpty(), "still logged in");
        browser.waitForText(By.id("scopeForm:scope_label"), "RTTRIAL · DD");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).withMessage("the session's route after the failover")
                .until(d -> survivor.name().equals(route()));
        assertNotEquals(serving.name(), route());

        // the pages work on the other node: the subject list, the home page, the choice of another study
        browser.open("subjects/index.xhtml");
        browser.waitForText(By.id("subjectsForm:subjects"), "RT-DD-003");
        browser.open("");
        browser.waitForText(By.id("activeStudy"), "RT-TRIAL-01");
        browser.chooseActiveStudy("QOL · DD", "QOL-02");
        browser.open("");
        browser.waitForText(By.id("activeStudy"), "QOL-02");
        browser.screenshot("cluster-after-failover");
    }

    /** @return the node name at the end of the session cookie ({@code <id>.<route>}) */
    private String route() {
        Cookie c = browser.driver().manage().getCookieNamed("JSESSIONID");
        if (c == null) {
            throw new AssertionError("no session cookie");
        }
        String v = c.getValue();
        return v.substring(v.lastIndexOf('.') + 1);
    }
}
