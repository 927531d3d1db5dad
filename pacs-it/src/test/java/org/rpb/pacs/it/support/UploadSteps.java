package org.rpb.pacs.it.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The steps of workflow 1 (upload into a slot) in Chromium, as the browser tests share them: log in into a study
 * and site, open a subject, open a slot's upload page, send files, inspect until every instance has arrived,
 * confirm. Each step waits for the page it leads to.
 */
public final class UploadSteps {
    /** The files chooser of the upload page. */
    public static final By FILES = By.id("uploadFiles");
    /** The files the upload page lists as refused, each with the server's reason. */
    public static final By REFUSED = By.cssSelector("#uploadErrors li");
    private static final By INSPECT = By.id("uploadForm:inspect");
    private static final By COUNTS = By.cssSelector(".pacs-count");
    private static final By REPLACE = By.cssSelector("#confirmForm\\:replace .ui-chkbox-box");

    private final Browser browser;

    /** @param browser the test's browser */
    public UploadSteps(Browser browser) {
        this.browser = browser;
    }

    /**
     * Logs in and makes a study and site the active one.
     *
     * @param user a demo user (its password from {@link DemoUsers})
     * @param label the start of the scope menu's item, e.g. {@code "RTTRIAL · DD"}
     * @param title what the page shows as the active study, e.g. {@code "RT-TRIAL-01"}
     */
    public void loginInto(String user, String label, String title) {
        browser.login(user, DemoUsers.password(user));
        browser.waitFor(By.id("activeStudy"));
        browser.chooseActiveStudy(label, title);
    }

    /** Opens a subject's page from the subjects list of the active study and site. @param subjectId its ID */
    public void openSubject(String subjectId) {
        browser.open("subjects/index.xhtml");
        browser.waitFor(By.id("subjectsForm:subjects"));
        browser.driver().findElements(By.cssSelector("a.pacs-subject-link")).stream()
                .filter(a -> a.getText().equals(subjectId)).findFirst()
                .orElseThrow(() -> new AssertionError("no subject " + subjectId + " in the list")).click();
        browser.waitFor(By.id("studySubjectId"));
    }

    /** @param slotLabel a slot's label @return its row on the open subject page */
    public WebElement slotRow(String slotLabel) {
        return browser.driver().findElements(By.cssSelector(".pacs-slots tr")).stream()
                .filter(tr -> tr.getText().contains(slotLabel)).findFirst()
                .orElseThrow(() -> new AssertionError("no slot " + slotLabel + " on the subject page"));
    }

    /** Opens the upload page of a subject's slot. @param subjectId the subject @param slotLabel the slot */
    public void openUpload(String subjectId, String slotLabel) {
        openSubject(subjectId);
        openUploadOfSlot(slotLabel);
    }

    /** Opens the upload page of a slot of the open subject page. @param slotLabel the slot */
    public void openUploadOfSlot(String slotLabel) {
        slotRow(slotLabel).findElement(By.cssSelector("a.pacs-upload-link")).click();
        browser.waitFor(By.id("slotLabel"));
    }

    /**
     * Hands files to the page's files chooser; the page sends them, a few at a time, and shows what arrived when the
     * last is up. @param files files or ZIPs
     */
    public void send(Path... files) {
        browser.driver().findElement(FILES)
                .sendKeys(Arrays.stream(files).map(Path::toString).collect(Collectors.joining("\n")));
    }

    /** @return the refusals the upload page lists (a file's name and the reason), empty while the list changes */
    public java.util.List<String> refusals() {
        try {
            return browser.driver().findElements(REFUSED).stream().map(WebElement::getText).toList();
        } catch (StaleElementReferenceException changing) {
            return java.util.List.of();
        }
    }

    /**
     * Asks for the inspection again and again until the page counts the instances (files still arriving are
     * counted at a later click; counts read while the page re-renders them are read again).
     *
     * @param instances how many instances all files hold
     * @param within how long the upload and inspection may take
     */
    public void inspectUntil(int instances, Duration within) {
        inspectUntil(instances, within, () -> false);
    }

    /**
     * As {@link #inspectUntil(int, Duration)}, failing at once when {@code failed} holds.
     *
     * @param instances how many instances all files hold
     * @param within how long the upload and inspection may take
     * @param failed a condition on the page that ends the wait with a failure
     */
    public void inspectUntil(int instances, Duration within, Callable<Boolean> failed) {
        await("the upload page counts " + instances + " instances").atMost(within).pollInterval(Duration.ofSeconds(1))
                .failFast("the page reported an error", failed)
                .ignoreException(StaleElementReferenceException.class).until(() -> {
                    browser.click(INSPECT);
                    return browser.driver().findElements(COUNTS).stream()
                            .mapToInt(e -> Integer.parseInt(e.getText().trim())).sum() == instances;
                });
        browser.waitFor(By.id("allClear"));
    }

    /**
     * Confirms the upload, replacing what the slot holds from an earlier run, and waits for the job's progress.
     * Ticking "replace" re-renders the form: each click is tried again until it lands.
     */
    public void confirm() {
        await().atMost(Duration.ofSeconds(30)).ignoreException(StaleElementReferenceException.class).until(() -> {
            if (!browser.driver().findElements(REPLACE).isEmpty()) {
                browser.click(REPLACE);
            }
            return true;
        });
        await().atMost(Duration.ofSeconds(30)).ignoreException(StaleElementReferenceException.class).until(() -> {
            browser.click(By.id("confirmForm:confirm"));
            return true;
        });
        browser.waitFor(By.id("jobForm:jobProgress"));
    }
}
