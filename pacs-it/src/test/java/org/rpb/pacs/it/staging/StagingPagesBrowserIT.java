package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;

/**
 * Lookup → stage → jobs page in Chromium, against two real Orthanc on the ports the server is
 * configured with by default (clinical 14242, research 24242; the demo must not be running).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StagingPagesBrowserIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void lookUpAPasteListStageAStudyAndFollowTheJob() throws Exception {
        Path dir = Files.createTempDirectory("staging-browser-");
        try (ItOrthanc clinical = ItOrthanc.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", 11113]", 14242, ItOrthanc.freePort());
                ItOrthanc research = ItOrthanc.start("RESEARCH", dir.resolve("research"), "", 24242, ItOrthanc.freePort())) {
            // PatientID 1CT1: the demo's Study0 patient PID-S0-0001 (S0-DD-0001) at DD
            clinical.upload(Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm"));
            browser.login(DemoUsers.STAGER, DemoUsers.password(DemoUsers.STAGER));
            browser.waitFor(By.id("activeStudy"));
            browser.chooseInSelectOneMenu("scopeForm:scope", "STUDY0");
            browser.waitForText(By.id("activeStudy"), "Study0");
            browser.driver().findElement(By.id("navLookup")).click();
            browser.waitFor(By.id("lookupForm:ids")).sendKeys("S0-DD-0001,\nNOT-A-STUDY0-ID 1CT1");
            browser.driver().findElement(By.id("lookupForm:search")).click();
            browser.waitFor(By.id("lookupForm:refused"));
            assertTrue(browser.driver().findElement(By.id("lookupForm:refused")).getText().contains("NOT-A-STUDY0-ID"));
            assertEquals(1, browser.driver().findElements(By.cssSelector(".pacs-patient")).size());
            assertTrue(browser.driver().findElement(By.cssSelector(".pacs-patient")).getText().contains("PID-S0-0001"));
            assertTrue(browser.driver().findElement(By.cssSelector(".pacs-studies")).getText().contains("1 / 1"));
            browser.screenshot("lookup-results");

            browser.driver().findElement(By.cssSelector(".pacs-stage")).click();
            browser.waitFor(By.id("jobsForm:jobs"));
            new WebDriverWait(browser.driver(), Duration.ofSeconds(90)).until(ExpectedConditions
                    .textToBePresentInElementLocated(By.id("jobsForm:jobs:0:exit"), "VERIFIED"));
            assertTrue(browser.driver().findElement(By.id("jobsForm:jobs:0:counts")).getText().contains("1 verified of 1"));
            assertEquals(1, research.instanceCount());
            browser.screenshot("jobs-after-staging");

            // the lookup now shows the Study0 copy
            browser.driver().findElement(By.id("navLookup")).click();
            browser.waitFor(By.id("lookupForm:ids")).sendKeys("PID-S0-0001");
            browser.driver().findElement(By.id("lookupForm:search")).click();
            browser.waitFor(By.cssSelector(".pacs-staged"));
            browser.screenshot("lookup-staged");
        }
    }
}
