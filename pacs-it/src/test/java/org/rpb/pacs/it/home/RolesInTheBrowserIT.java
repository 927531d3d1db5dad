package org.rpb.pacs.it.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;

/**
 * Each demo user sees on the start page and in the navigation what their roles allow, and nothing else; the
 * administrators' audit trail page (filters, paging, no names or hospital IDs) and its refusal for everybody
 * else. In Chromium against the deployed EAR.
 */
class RolesInTheBrowserIT extends ModuleInChromium {

    /** The navigation links and who may see them. */
    private static final List<String> NAV = List.of("navSubjects", "navLookup", "navJobs", "navAdminNodes",
            "navAdminProfile", "navAdminVocabulary", "navAdminAudit");

    /** The workflows the start page offers. */
    private static final List<String> WORKFLOWS = List.of("wfSubjects", "wfUpload", "wfLookup", "wfDownload", "wfAdmin");

    /** Hospital patient IDs of the demo data and a demo patient's name: never on any page. */
    private static final List<String> IDENTIFYING = List.of("1CT1", "4MR1", "id00001", "id11111", "A-7788/12x",
            "0012345", "CompressedSamples");

    @Test
    void eachDemoUserSeesWhatTheirRolesAllow() {
        record Expected(String user, String scope, String study, Set<String> nav, Set<String> workflows,
                Map<String, Boolean> pages) {
        }
        List<Expected> users = List.of(
                new Expected(DemoUsers.VIEWER, "RTTRIAL · DD", "RT-TRIAL-01", Set.of("navSubjects"),
                        Set.of("wfSubjects"), Map.of("subjects/index.xhtml", true, "upload/index.xhtml", false,
                                "lookup/index.xhtml", false, "admin/nodes.xhtml", false, "admin/audit.xhtml", false)),
                new Expected(DemoUsers.STAGER, "STUDY0 · DD", "Study0", Set.of("navSubjects", "navLookup", "navJobs"),
                        Set.of("wfSubjects", "wfUpload", "wfLookup", "wfDownload"),
                        Map.of("lookup/index.xhtml", true, "jobs/index.xhtml", true, "admin/profile.xhtml", false,
                                "admin/audit.xhtml", false)),
                new Expected(DemoUsers.ADMIN, "RTTRIAL · DD", "RT-TRIAL-01", Set.copyOf(NAV),
                        Set.of("wfSubjects", "wfUpload", "wfDownload", "wfAdmin"),
                        Map.of("admin/nodes.xhtml", true, "admin/vocabulary.xhtml", true, "admin/audit.xhtml", true,
                                "subjects/index.xhtml", true)));
        for (Expected e : users) {
            browser.driver().manage().deleteAllCookies();
            browser.login(e.user(), DemoUsers.password(e.user()));
            browser.waitFor(By.id("activeStudy"));
            browser.chooseActiveStudy(e.scope(), e.study());
            browser.waitFor(By.id("workflows"));
            for (String link : NAV) {
                assertEquals(e.nav().contains(link), !browser.driver().findElements(By.id(link)).isEmpty(),
                        e.user() + " and the link " + link);
            }
            for (String wf : WORKFLOWS) {
                assertEquals(e.workflows().contains(wf), !browser.driver().findElements(By.id(wf)).isEmpty(),
                        e.user() + " and the workflow " + wf);
            }
            browser.screenshot("home-" + e.user());
            for (var page : e.pages().entrySet()) {
                browser.open(page.getKey());
                if (page.getValue()) {
                    browser.waitFor(By.className("pacs-nav"));
                    assertTrue(browser.driver().findElements(By.id("errorTitle")).isEmpty(),
                            e.user() + " reaches " + page.getKey());
                } else {
                    browser.waitForText(By.id("errorTitle"), "Access refused");
                }
            }
            browser.open("");
            browser.waitFor(By.id("userForm:logout")).click();
            browser.waitFor(By.id("login"));
        }
    }

    @Test
    void administratorsReadTheActiveStudysAuditTrailFilteredAndPaged() {
        browser.loginAs(DemoUsers.ADMIN);
        browser.chooseActiveStudy("RTTRIAL · DD", "RT-TRIAL-01");
        // six configuration changes of RTTRIAL: saving its vocabulary
        for (int i = 0; i < 6; i++) {
            browser.open("admin/vocabulary.xhtml");
            browser.waitFor(By.id("vocabularyForm:save")).click();
            browser.waitForText(By.className("ui-growl"), "Vocabulary saved");
        }
        browser.open("admin/audit.xhtml");
        browser.waitForText(By.id("auditScope"), "RTTRIAL at DD");
        new Select(browser.driver().findElement(By.id("auditForm:action"))).selectByVisibleText("CONFIGURATION");
        new Select(browser.driver().findElement(By.id("auditForm:size"))).selectByVisibleText("5");
        browser.driver().findElement(By.id("auditForm:search")).click();
        browser.waitForText(By.id("pageInfo"), "Page 1 of");
        List<String> first = rows();
        assertEquals(5, first.size(), "five per page: " + first);
        assertTrue(first.stream().allMatch(r -> r.contains("CONFIGURATION")), "only the chosen action: " + first);
        assertTrue(first.get(0).contains("ROI vocabulary of study RTTRIAL saved"), "newest first: " + first.get(0));
        browser.screenshot("admin-audit");
        browser.driver().findElement(By.id("auditForm:next")).click();
        browser.waitForText(By.id("pageInfo"), "Page 2 of");
        List<String> second = rows();
        assertFalse(second.isEmpty());
        assertNotEquals(first.get(0), second.get(0), "another page");
        browser.driver().findElement(By.id("auditForm:previous")).click();
        browser.waitForText(By.id("pageInfo"), "Page 1 of");

        // dates: nothing from tomorrow on; today's changes up to today
        String tomorrow = LocalDate.now().plusDays(1).toString();
        type("auditForm:from", tomorrow);
        browser.driver().findElement(By.id("auditForm:search")).click();
        browser.waitFor(By.id("auditForm:noEvents"));
        assertTrue(browser.driver().findElement(By.id("pageInfo")).getText().contains("0 events"));
        type("auditForm:from", LocalDate.now().minusDays(1).toString());
        type("auditForm:to", LocalDate.now().toString());
        browser.driver().findElement(By.id("auditForm:search")).click();
        browser.waitForText(By.id("pageInfo"), "Page 1 of");
        assertTrue(rows().get(0).contains("ROI vocabulary of study RTTRIAL saved"));
        // another action: none of these rows
        new Select(browser.driver().findElement(By.id("auditForm:action"))).selectByVisibleText("DOWNLOAD");
        browser.driver().findElement(By.id("auditForm:search")).click();
        browser.waitForText(By.id("pageInfo"), "Page 1 of");
        assertTrue(rows().stream().allMatch(r -> r.contains("DOWNLOAD")), "" + rows());
        // every action, a hundred per page: pseudonyms and UIDs only
        new Select(browser.driver().findElement(By.id("auditForm:action"))).selectByVisibleText("any");
        new Select(browser.driver().findElement(By.id("auditForm:size"))).selectByVisibleText("100");
        type("auditForm:from", "");
        type("auditForm:to", "");
        browser.driver().findElement(By.id("auditForm:search")).click();
        browser.waitForText(By.id("pageInfo"), "Page 1 of");
        String all = browser.driver().getPageSource();
        for (String id : IDENTIFYING) {
            assertFalse(all.contains(id), "the audit page shows " + id);
        }
        // a malformed date is refused with a message, nothing else shown
        type("auditForm:from", "yesterday");
        browser.driver().findElement(By.id("auditForm:search")).click();
        browser.waitForText(By.id("auditForm:filterMessages"), "YYYY-MM-DD");

        String page = browser.driver().getPageSource();
        for (String id : IDENTIFYING) {
            assertFalse(page.contains(id), "the audit page shows " + id);
        }
        assertFalse(browser.driver().getCurrentUrl().contains("CONFIGURATION")
                || browser.driver().getCurrentUrl().contains("from="), "no filter in the URL");
    }

    @Test
    void theAuditTrailIsRefusedToEveryoneButAdministrators() {
        for (String user : List.of(DemoUsers.UPLOADER, DemoUsers.STAGER, DemoUsers.VIEWER)) {
            browser.driver().manage().deleteAllCookies();
            browser.login(user, DemoUsers.password(user));
            browser.waitFor(By.id("activeStudy"));
            assertTrue(browser.driver().findElements(By.id("navAdminAudit")).isEmpty(), user + " sees no audit link");
            browser.open("admin/audit.xhtml");
            browser.waitForText(By.id("errorTitle"), "Access refused");
            assertTrue(browser.driver().findElements(By.id("auditForm:events")).isEmpty(), user);
        }
        browser.driver().manage().deleteAllCookies();
        browser.login(DemoUsers.OUTSIDER, DemoUsers.password(DemoUsers.OUTSIDER));
        browser.waitForText(By.id("errorTitle"), "Access refused");
        browser.open("admin/audit.xhtml");
        browser.waitForText(By.id("errorTitle"), "Access refused");
    }

    private List<String> rows() {
        return browser.driver().findElements(By.cssSelector("[id='auditForm:events'] tbody tr")).stream()
                .map(WebElement::getText).filter(t -> !t.isBlank()).toList();
    }

    private void type(String id, String text) {
        WebElement in = browser.driver().findElement(By.id(id));
        in.clear();
        in.sendKeys(text);
    }
}
