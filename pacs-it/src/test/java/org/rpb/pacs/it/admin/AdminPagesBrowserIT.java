package org.rpb.pacs.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.rpb.pacs.core.io.FileTrees;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;

/** The administration pages in Chromium: profile editor with live preview, and the ROI vocabulary. */
class AdminPagesBrowserIT extends ModuleInChromium {

    private static final String PATIENT_NAME_ROW = "//table//tr[td[2][normalize-space()='PatientName']]";

    private void loginAsAdmin() {
        browser.loginAs(DemoUsers.ADMIN);
        browser.chooseActiveStudy("RTTRIAL · DD", "RT-TRIAL-01");
    }

    @Test
    void previewShowsPatientNameChangeOnARealFileAndRefusesABadRuleWithItsLine() {
        loginAsAdmin();
        browser.driver().findElement(By.id("navAdminProfile")).click();
        browser.waitFor(By.id("profileForm:rules"));
        browser.chooseInSelectOneMenu("profileForm:demoSample", "CT_small.dcm");
        browser.driver().findElement(By.id("profileForm:previewDemo")).click();
        WebElement row = browser.waitFor(By.xpath(PATIENT_NAME_ROW));
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertEquals("(0010,0010)", cells.get(0).getText());
        assertEquals("CompressedSamples^CT1", cells.get(3).getText());
        assertEquals("PREVIEW-0001", cells.get(4).getText());
        browser.waitFor(By.id("profileForm:verdictText"));
        browser.screenshot("admin-profile-preview");

        // a rule file with an error on line 4 is refused with its line, and no preview is shown
        WebElement rules = browser.driver().findElement(By.id("profileForm:rules"));
        rules.clear();
        rules.sendKeys("{\n  \"version\": 1,\n  \"rules\": [\n    { \"path\": \"StudyID\", \"action\": \"explode\" }\n  ]\n}");
        browser.driver().findElement(By.id("profileForm:validate")).click();
        browser.waitFor(By.cssSelector(".pacs-rule-problem"));
        String problem = browser.driver().findElement(By.cssSelector(".pacs-rule-problem")).getText();
        assertTrue(problem.startsWith("line 4:") && problem.contains("explode"), problem);
        browser.screenshot("admin-profile-rules-error");
        browser.driver().findElement(By.id("profileForm:previewDemo")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(
                d -> d.findElements(By.xpath(PATIENT_NAME_ROW)).isEmpty());
    }

    @Test
    void previewOfAnUploadedRtStructureSetShowsTheRoiMapping() throws Exception {
        Path dir = Files.createTempDirectory("pacs-it-admin");
        try {
            RtStudyFiles.generate(dir, "--patient-id", "PID-4711", "--patient-name", "MUSTERMANN^ERIKA", "--slices", "2");
            Path rtstruct;
            try (Stream<Path> s = Files.walk(dir)) {
                rtstruct = s.filter(f -> f.getFileName().toString().toLowerCase().contains("rtstruct")
                        || f.getFileName().toString().toLowerCase().startsWith("rs")).findFirst()
                        .orElseThrow(() -> new AssertionError("no RTSTRUCT written in " + dir));
            }
            loginAsAdmin();
            browser.driver().findElement(By.id("navAdminVocabulary")).click();
            browser.waitFor(By.id("vocabularyForm:add"));
            // start from no rules (an earlier run may have left some), then one pattern rule for every name
            while (!browser.driver().findElements(By.cssSelector("[id$=':remove']")).isEmpty()) {
                clickAndWaitForUpdate(By.cssSelector("[id$=':remove']"), "vocabularyForm:rules");
            }
            clickAndWaitForUpdate(By.id("vocabularyForm:add"), "vocabularyForm:rules");
            browser.chooseInSelectOneMenu("vocabularyForm:rules:0:kind", "PATTERN");
            browser.driver().findElement(By.id("vocabularyForm:rules:0:siteName")).sendKeys(".*");
            browser.driver().findElement(By.id("vocabularyForm:rules:0:standardName")).sendKeys("External");
            WebElement toggle = browser.driver().findElement(By.id("vocabularyForm:enabled"));
            if (!toggle.getAttribute("class").contains("ui-toggleswitch-checked")) {
                toggle.findElement(By.cssSelector(".ui-toggleswitch-slider")).click();
            }
            browser.driver().findElement(By.id("vocabularyForm:save")).click();
            browser.waitFor(By.cssSelector(".ui-growl-item"));
            browser.driver().findElement(By.id("vocabularyForm:tryName")).sendKeys("Lung left");
            browser.driver().findElement(By.id("vocabularyForm:try")).click();
            browser.waitForText(By.id("vocabularyForm:tryResult"), "External");
            browser.screenshot("admin-vocabulary");

            browser.driver().findElement(By.id("navAdminProfile")).click();
            browser.waitFor(By.id("profileForm:upload"));
            browser.driver().findElement(By.cssSelector("#profileForm input[type=file]")).sendKeys(rtstruct.toAbsolutePath().toString());
            browser.driver().findElement(By.id("profileForm:previewUpload")).click();
            browser.waitFor(By.id("profileForm:roiNames"));
            String roiTable = browser.driver().findElement(By.id("profileForm:roiNames")).getText();
            assertTrue(roiTable.contains("External"), roiTable);
            WebElement row = browser.waitFor(By.xpath(PATIENT_NAME_ROW));
            assertEquals("MUSTERMANN^ERIKA", row.findElements(By.tagName("td")).get(3).getText());
            browser.waitFor(By.id("profileForm:verdictText"));
            browser.screenshot("admin-profile-preview-rtstruct");
        } finally {
            FileTrees.delete(dir);
        }
    }

    @Test
    void nodesAreAddedTestedAgainstARealOrthancAndAClosedPortAndRemoved() throws Exception {
        try (OrthancServer orthanc = OrthancServer.startWithDicomWeb("ITORTHANC",
                Files.createTempDirectory(Files.createDirectories(Path.of("target")), "admin-orthanc"))) {
            int closed = OrthancServer.freePort();
            String name = "IT Orthanc " + orthanc.dicomPort();
            loginAsAdmin();
            browser.open("admin/nodes.xhtml");
            browser.waitFor(By.id("nodesForm:add"));
            clickAndWaitForUpdate(By.id("nodesForm:add"), "nodesForm:editor");
            type("nodesForm:name", name);
            browser.chooseInSelectOneMenu("nodesForm:role", "RESEARCH");
            type("nodesForm:aeTitle", "ITORTHANC");
            type("nodesForm:host", "127.0.0.1");
            type("nodesForm:port", String.valueOf(orthanc.dicomPort()));
            type("nodesForm:callingAeTitle", "RPBPACS");
            type("nodesForm:dicomwebUrl", orthanc.dicomWebUrl().toString());
            clickAndWaitForUpdate(By.id("nodesForm:testForm"), "nodesForm:editor");
            List<WebElement> checks = browser.driver().findElements(By.cssSelector(".pacs-check"));
            assertEquals(2, checks.size(), "C-ECHO and QIDO-RS");
            for (WebElement c : checks) {
                assertEquals("true", c.getAttribute("data-success"), c.getText());
            }
            browser.screenshot("admin-nodes-test-ok");
            clickAndWaitForUpdate(By.id("nodesForm:save"), "nodesForm:nodes");
            assertTrue(browser.driver().findElement(By.id("nodesForm:nodes")).getText().contains(name));

            // the same node on a closed port: the exact failure, naming AE title, host and port
            type("nodesForm:port", String.valueOf(closed));
            type("nodesForm:dicomwebUrl", "");
            clickAndWaitForUpdate(By.id("nodesForm:testForm"), "nodesForm:editor");
            checks = browser.driver().findElements(By.cssSelector(".pacs-check"));
            assertEquals(1, checks.size(), "no DICOMweb URL: C-ECHO only");
            assertEquals("false", checks.get(0).getAttribute("data-success"));
            String failure = checks.get(0).getText();
            assertTrue(failure.contains("C-ECHO") && failure.contains("ITORTHANC@127.0.0.1:" + closed)
                    && failure.contains("failed"), failure);
            browser.screenshot("admin-nodes-test-failed");

            // an invalid AE title is refused with the reason
            type("nodesForm:aeTitle", "BAD\\AE");
            browser.driver().findElement(By.id("nodesForm:save")).click();
            browser.waitForText(By.cssSelector(".ui-growl"), "aeTitle has a character not allowed in an AE title at position 4");
            assertTrue(browser.driver().findElement(By.id("nodesForm:nodes")).getText().contains("ITORTHANC"),
                    "the refused change left the stored node as it was");

            WebElement row = browser.driver().findElement(By.xpath("//tr[td[1][normalize-space()='" + name + "']]"));
            row.findElement(By.cssSelector("[id$=':remove']")).click();
            browser.waitFor(By.id("nodesForm:confirmYes")).click();
            // the table is re-rendered by the removal: a row read while it is replaced goes stale, read it again
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> !d.findElement(By.id("nodesForm:nodes")).getText().contains(name));
        }
    }

    private void type(String id, String text) {
        WebElement e = browser.driver().findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks an ajax button and waits until the component it updates has been replaced. */
    private void clickAndWaitForUpdate(By button, String updatedId) {
        WebElement before = browser.driver().findElement(By.id(updatedId));
        browser.driver().findElement(button).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(before));
        browser.waitFor(By.id(updatedId));
    }

    @Test
    void nonAdminSeesNoAdminLinkAndIsRefusedThePages() {
        browser.loginAs(DemoUsers.UPLOADER);
        assertTrue(browser.driver().findElements(By.id("navAdminProfile")).isEmpty());
        browser.open("admin/profile.xhtml");
        browser.waitForText(By.id("errorTitle"), "Access refused");
        browser.open("admin/vocabulary.xhtml");
        browser.waitForText(By.id("errorTitle"), "Access refused");
    }
}
