package org.rpb.pacs.it.retention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;

/**
 * The retention page in Chromium: an administrator sees the retentions in force and runs the retention with the
 * button (its counts come back on the page); the link is not offered to an uploader, and the page refuses one.
 */
class RetentionPageBrowserIT extends ModuleInChromium {

    @Test
    void anAdministratorRunsTheRetentionFromItsPage() {
        browser.loginAs(DemoUsers.ADMIN);
        browser.chooseActiveStudy("RTTRIAL · DD", "RT-TRIAL-01");
        browser.click(By.id("navAdminRetention"));
        String policy = browser.waitFor(By.id("retentionPolicy")).getText();
        assertTrue(policy.contains("deleted 24 h after its last end") && policy.contains("7 days"), policy);
        browser.click(By.id("retentionForm:sweep"));
        browser.waitForText(By.id("retentionForm:sweepMessages"), "jobs searched for orphans");
        browser.screenshot("admin-retention");
    }

    @Test
    void anUploaderHasNeitherTheLinkNorThePage() {
        browser.loginAs(DemoUsers.UPLOADER);
        assertTrue(browser.driver().findElements(By.id("navAdminRetention")).isEmpty());
        browser.open("admin/retention.xhtml");
        assertTrue(browser.driver().findElements(By.id("retentionForm:sweep")).isEmpty(),
                "the page is refused to an uploader");
    }
}
