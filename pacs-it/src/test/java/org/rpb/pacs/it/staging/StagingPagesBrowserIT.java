package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;

/**
 * Workflow 2 in Chromium, against two real Orthanc on the ports the server is configured with by default
 * (clinical 14242, research 24242; the demo must not be running): lookup with suggestions and a pasted
 * list, study detail with the RT reference tree read from the data, choosing a plan chooses what it
 * references, staging of the chosen series, the jobs page following the job to its end, then the copy of
 * the Study0 series into the project RTTRIAL and its job, which fills an empty upload slot of the subject.
 */
class StagingPagesBrowserIT extends ModuleInChromium {
    /** The demo's Study0 patient PID-S0-0003 (S0-DD-0003 at DD; RT-DD-002 in RTTRIAL) has HIS ID id00001. */
    private static final String HIS_ID = "id00001";
    private static final String PID = "PID-S0-0003";
    private static final int SLICES = 3;

    @Test
    void lookUpOpenTheStudyChooseThePlanWithItsReferencesStageAndCopyIntoAProject(@TempDir Path dir) throws Exception {
        List<Path> files = RtStudyFiles.write(dir.resolve("study"), HIS_ID, "Browser^Bert", SLICES, "staging-browser-it");
        assertEquals(SLICES + 3, files.size());
        try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", 11113]", 14242, OrthancServer.freePort());
                OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "", 24242, OrthancServer.freePort())) {
            for (Path f : files) {
                clinical.upload(f);
            }
            browser.loginAs(DemoUsers.STAGER);
            browser.chooseActiveStudy("STUDY0", "Study0");
            browser.driver().findElement(By.id("navLookup")).click();

            // suggestions: PIDs and Study0 subject IDs, never HIS IDs
            assertEquals(List.of("S0-DD-0003"), suggestions("S0-DD-0003"));
            assertTrue(suggestions("pid-s0-000").contains(PID), "PIDs are suggested ignoring case");
            assertEquals(List.of(), suggestions("id0000"), "HIS IDs are not suggested");

            // a pasted list: the unknown ID is refused, the HIS ID (typed, not suggested) finds the patient
            WebElement list = browser.driver().findElement(By.id("lookupForm:ids"));
            list.clear();
            list.sendKeys("NOT-A-STUDY0-ID,\n" + HIS_ID);
            browser.driver().findElement(By.id("lookupForm:search")).click();
            browser.waitFor(By.id("lookupForm:refused"));
            assertTrue(browser.driver().findElement(By.id("lookupForm:refused")).getText().contains("NOT-A-STUDY0-ID"));
            assertEquals(1, browser.driver().findElements(By.cssSelector(".pacs-patient")).size());
            assertTrue(browser.driver().findElement(By.cssSelector(".pacs-patient")).getText().contains(PID));
            assertTrue(browser.driver().findElement(By.cssSelector(".pacs-studies")).getText().contains("4 / " + (SLICES + 3)));
            browser.screenshot("lookup");

            // study detail: series table and the RT tree RTDOSE -> RTPLAN -> RTSTRUCT -> CT, read from the objects
            browser.driver().findElement(By.cssSelector(".pacs-open-study")).click();
            browser.waitFor(By.id("studyForm:rtTree"));
            List<String> tree = browser.driver().findElements(By.cssSelector(".pacs-rt-node")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(4, tree.size(), tree.toString());
            assertTrue(tree.get(0).startsWith("RTDOSE"), tree.toString());
            assertTrue(tree.get(1).startsWith("→ RTPLAN"), tree.toString());
            assertTrue(tree.get(2).startsWith("→ RTSTRUCT"), tree.toString());
            assertTrue(tree.get(3).startsWith("→ CT") && tree.get(3).contains("(" + SLICES + ")"), tree.toString());
            assertEquals(4, browser.driver().findElements(By.cssSelector(".pacs-select")).size());
            assertTrue(browser.driver().findElements(By.id("studyForm:referencesError")).isEmpty());
            assertEquals(List.of(false, false, false, false), chosen("CT", "RTSTRUCT", "RTPLAN", "RTDOSE"));

            browser.driver().findElement(By.cssSelector(".pacs-tree-select-RTPLAN")).click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> {
                try {
                    return d.findElement(By.cssSelector(".pacs-select-RTSTRUCT")).isSelected();
                } catch (StaleElementReferenceException e) {
                    return false;
                }
            });
            assertEquals(List.of(true, true, true, false), chosen("CT", "RTSTRUCT", "RTPLAN", "RTDOSE"),
                    "the plan brings its structure set and that one's CT, not the dose that references the plan");
            assertTrue(browser.driver().findElement(By.id("studyForm:chosenCount")).getText().contains("3 of 4"));
            browser.screenshot("study-detail");

            // stage the chosen series: SLICES CT + 1 RTSTRUCT + 1 RTPLAN
            int staged = SLICES + 2;
            startAndAwaitVerified(By.id("studyForm:stage"), staged);
            assertEquals(staged, research.instanceCount());
            browser.screenshot("jobs-after-staging");

            // the detail now shows the Study0 copies of the three staged series, with their UIDs
            browser.driver().findElement(By.id("navLookup")).click();
            browser.waitFor(By.id("lookupForm:single_input")).sendKeys(PID);
            browser.driver().findElement(By.id("lookupForm:searchOne")).click();
            browser.waitFor(By.cssSelector(".pacs-open-study")).click();
            browser.waitFor(By.id("studyForm:series"));
            List<String> copies = browser.driver().findElements(By.cssSelector(".pacs-series .pacs-uid")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(3, copies.size(), copies.toString());
            assertTrue(copies.stream().allMatch(c -> c.matches("[0-9.]+ \\(\\d+/\\d+ verified\\)")), copies.toString());
            browser.screenshot("study-detail-staged");

            // copy into the project RTTRIAL, where the patient is RT-DD-002
            browser.open("");
            browser.waitFor(By.id("activeStudy"));
            browser.chooseActiveStudy("RTTRIAL · DD", "RT-TRIAL-01");
            browser.driver().findElement(By.id("navCopy")).click();
            browser.waitFor(By.id("copyForm:patient"));
            new Select(browser.driver().findElement(By.id("copyForm:patient"))).selectByVisibleText("RT-DD-002 (" + PID + ")");
            browser.driver().findElement(By.id("copyForm:show")).click();
            browser.waitFor(By.cssSelector(".pacs-copy-series"));
            assertEquals(1, browser.driver().findElements(By.cssSelector(".pacs-study0-copy")).size());
            assertEquals(3, browser.driver().findElements(By.cssSelector(".pacs-copy-select")).size());
            assertTrue(browser.driver().findElements(By.cssSelector(".pacs-project-copy")).isEmpty());
            assertTrue(browser.driver().findElements(By.cssSelector(".pacs-copy-select-RTDOSE")).isEmpty(),
                    "the dose was not staged, so it has no Study0 copy");
            browser.driver().findElement(By.cssSelector(".pacs-choose-all")).click();
            browser.waitForText(By.id("copyForm:chosenCount"), "3 series chosen");
            // fill an empty slot of the subject once the copy is verified (the last one: other tests fill the first)
            Select slotMenu = new Select(browser.driver().findElement(By.id("copyForm:slot")));
            List<String> slotLabels = slotMenu.getOptions().stream().map(WebElement::getText)
                    .filter(l -> l.contains(" · ")).toList();
            assertTrue(!slotLabels.isEmpty(), "the subject has empty upload slots");
            String slotLabel = slotLabels.get(slotLabels.size() - 1);
            slotMenu.selectByVisibleText(slotLabel);
            String slotName = slotLabel.substring(slotLabel.indexOf(" · ") + 3);
            String study0Uid = browser.driver().findElement(By.cssSelector(".pacs-study0-copy .pacs-uid")).getText().trim();
            browser.screenshot("copy");

            startAndAwaitVerified(By.id("copyForm:start"), staged);
            assertEquals(2 * staged, research.instanceCount());
            browser.screenshot("jobs-after-copy");
            String projectStudy = research.studyUids().stream().filter(u -> !u.equals(study0Uid)).findFirst().orElseThrow();
            browser.open("subjects/subject.xhtml?pid=" + PID);
            WebElement slotRow = browser.waitFor(By.cssSelector(".pacs-slots")).findElements(By.xpath(
                    "//table//tr[td[1][normalize-space()='" + slotName + "']]")).stream()
                    .filter(tr -> !tr.findElements(By.cssSelector(".pacs-slot-uid")).isEmpty()).findFirst()
                    .orElseThrow(() -> new AssertionError("the slot " + slotName + " holds no study"));
            assertEquals(projectStudy, slotRow.findElement(By.cssSelector(".pacs-slot-uid")).getText().trim());

            // the copy page now lists the project's copy of each series, by its own UID
            browser.driver().findElement(By.id("navCopy")).click();
            browser.waitFor(By.id("copyForm:patient"));
            new Select(browser.driver().findElement(By.id("copyForm:patient"))).selectByVisibleText("RT-DD-002 (" + PID + ")");
            browser.driver().findElement(By.id("copyForm:show")).click();
            browser.waitFor(By.cssSelector(".pacs-project-copy"));
            List<String> projectCopies = browser.driver().findElements(By.cssSelector(".pacs-project-copy")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(3, projectCopies.size(), projectCopies.toString());
            assertTrue(projectCopies.stream().allMatch(c -> c.matches("[0-9.]+ \\(\\d+/\\d+\\)")), projectCopies.toString());
            assertTrue(copies.stream().noneMatch(c -> projectCopies.stream().anyMatch(
                    p -> p.split(" ")[0].equals(c.split(" ")[0]))), "project copies have their own series UIDs");
            browser.screenshot("copy-done");

            // back in Study0, the lookup and the study detail show the project copies with their UIDs
            browser.open("");
            browser.waitFor(By.id("activeStudy"));
            browser.chooseActiveStudy("STUDY0", "Study0");
            browser.driver().findElement(By.id("navLookup")).click();
            browser.waitFor(By.id("lookupForm:single_input")).sendKeys("S0-DD-0003");
            browser.driver().findElement(By.id("lookupForm:searchOne")).click();
            browser.waitFor(By.cssSelector(".pacs-studies"));
            List<String> listed = browser.driver().findElements(By.cssSelector(".pacs-studies .pacs-project-copy")).stream()
                    .map(WebElement::getText).toList();
            assertEquals(3, listed.size(), listed.toString());
            for (String pc : projectCopies) {
                String uid = pc.split(" ")[0];
                assertTrue(listed.stream().anyMatch(l -> l.equals("→ RTTRIAL " + uid)), uid + " in " + listed);
            }
            browser.driver().findElement(By.cssSelector(".pacs-open-study")).click();
            browser.waitFor(By.id("studyForm:series"));
            assertEquals(6, browser.driver().findElements(By.cssSelector(".pacs-series .pacs-uid")).size());
            assertTrue(browser.driver().findElement(By.id("studyTitle")).getText().contains("CT, RTDOSE, RTPLAN, RTSTRUCT"));
        }
    }

    /** Types into the single-ID field and returns the suggestions shown. */
    private List<String> suggestions(String typed) {
        WebElement input = browser.waitFor(By.id("lookupForm:single_input"));
        input.clear();
        input.sendKeys(typed);
        WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(5));
        try {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#lookupForm\\:single_panel li")));
        } catch (org.openqa.selenium.TimeoutException none) {
            return List.of();
        }
        List<String> out = browser.driver().findElements(By.cssSelector("#lookupForm\\:single_panel li")).stream()
                .map(WebElement::getText).toList();
        input.sendKeys(Keys.ESCAPE);
        input.clear();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#lookupForm\\:single_panel li")));
        return out;
    }

    /** Whether the series table's box of each modality is checked. */
    private List<Boolean> chosen(String... modalities) {
        return java.util.Arrays.stream(modalities)
                .map(m -> browser.driver().findElement(By.cssSelector(".pacs-select-" + m)).isSelected()).toList();
    }

    /**
     * Starts a job with the button, which leads to the jobs page, and waits until its newest job has verified all
     * its instances.
     */
    private void startAndAwaitVerified(By button, int instances) {
        browser.driver().findElement(button).click();
        browser.waitFor(By.id("jobsForm:jobs"));
        new WebDriverWait(browser.driver(), Duration.ofSeconds(120)).until(ExpectedConditions
                .textToBePresentInElementLocated(By.id("jobsForm:jobs:0:exit"), "VERIFIED"));
        assertEquals("COMPLETED", browser.driver().findElement(By.id("jobsForm:jobs:0:state")).getText());
        assertTrue(browser.driver().findElement(By.id("jobsForm:jobs:0:counts")).getText()
                .contains(instances + " verified of " + instances));
    }
}
