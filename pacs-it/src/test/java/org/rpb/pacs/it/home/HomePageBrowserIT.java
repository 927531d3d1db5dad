package org.rpb.pacs.it.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;

/** The log-in, the active study/site bar and the start page, in Chromium. */
class HomePageBrowserIT extends ModuleInChromium {

    @Test
    void changingTheActiveStudyUpdatesThePage() {
        browser.loginAs(DemoUsers.UPLOADER);
        assertEquals(DemoUsers.UPLOADER, browser.driver().findElement(By.id("userForm:userName")).getText());

        browser.chooseActiveStudy("QOL · DD", "QOL-02");
        browser.waitFor(By.id("dicomDisabled"));
        assertTrue(browser.driver().findElements(By.id("workflows")).isEmpty(),
                "no workflow is offered in a study without DICOM");
        browser.screenshot("home-study-without-dicom");

        browser.chooseActiveStudy("RTTRIAL · DD", "RT-TRIAL-01");
        browser.waitFor(By.id("workflows"));
        assertFalse(browser.driver().findElements(By.id("wfUpload")).isEmpty(), "the uploader may upload");
        assertTrue(browser.driver().findElements(By.id("wfAdmin")).isEmpty(), "the uploader is no admin");
        assertTrue(browser.driver().findElements(By.id("dicomDisabled")).isEmpty());
        browser.screenshot("home");

        // the choice is kept: a new visit shows the same study
        browser.open("");
        browser.waitForText(By.id("activeStudy"), "RT-TRIAL-01");
    }

    @Test
    void userWithoutPacsRoleIsRefusedThePages() {
        browser.login(DemoUsers.OUTSIDER, DemoUsers.password(DemoUsers.OUTSIDER));
        browser.waitForText(By.id("errorTitle"), "Access refused");
        assertTrue(browser.driver().findElement(By.id("errorText")).getText().contains("ROLE_PACS_USER"));
        assertTrue(browser.driver().findElements(By.id("activeStudy")).isEmpty());
    }

    @Test
    void wrongPasswordIsRefused() {
        browser.login(DemoUsers.VIEWER, "not-the-password");
        browser.waitFor(By.id("loginFailed"));
        assertTrue(browser.driver().findElements(By.id("activeStudy")).isEmpty());
    }

    @Test
    void logoutEndsTheSession() {
        browser.loginAs(DemoUsers.VIEWER);
        browser.driver().findElement(By.id("userForm:logout")).click();
        browser.waitFor(By.id("login"));
        browser.open("");
        browser.waitFor(By.id("login"));
    }
}
