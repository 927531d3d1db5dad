package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;

/**
 * The jobs page in Chromium: reachable from the navigation for users who stage, with its live table
 * (polled), progress bars and counts for each job of the active study; hidden from plain viewers.
 */
class StagingJobsBrowserIT extends ModuleInChromium {

    @Test
    void stagerSeesTheJobsOfTheActiveStudyWithProgress() {
        browser.loginAs(DemoUsers.STAGER);
        browser.chooseActiveStudy("STUDY0", "Study0");
        browser.driver().findElement(By.id("navJobs")).click();
        WebElement table = browser.waitFor(By.id("jobsForm:jobs"));
        assertEquals("Jobs", browser.driver().findElement(By.tagName("h1")).getText());
        List<WebElement> states = table.findElements(By.cssSelector(".pacs-job-state"));
        List<WebElement> bars = table.findElements(By.cssSelector(".ui-progressbar"));
        if (states.isEmpty()) {
            assertTrue(table.getText().contains("No jobs in this study and site yet."), table.getText());
        } else {
            // jobs of this server run (e.g. StagingJobIT's): each row has a state, a progress bar and counts
            assertEquals(states.size(), bars.size());
            for (WebElement s : states) {
                assertTrue(List.of("QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "INTERRUPTED")
                        .contains(s.getText()), s.getText());
            }
            assertTrue(table.findElement(By.cssSelector(".pacs-job-counts")).getText().contains("verified of"));
        }
        browser.screenshot("jobs-study0");
    }

    @Test
    void viewerHasNoJobsLink() {
        browser.loginAs(DemoUsers.VIEWER);
        assertTrue(browser.driver().findElements(By.id("navJobs")).isEmpty());
        assertFalse(browser.driver().findElements(By.id("navSubjects")).isEmpty());
    }
}
