package org.rpb.pacs.it.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.rpb.pacs.deident.scan.LeakScanner;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;

/**
 * Workflow 1 in Chromium: the demo uploader uploads the CT + RT files of make_rt_study.py into the "Applied RT
 * plan set" slot of subject RT-DD-003, watches the job, sees the slot filled, opens the series with thumbnails,
 * downloads the ZIP and the leak scanner finds no original identifier in it. Saves upload-*.png screenshots.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UploadBrowserIT {

    private static final String PROPERTY = "pacs.research.node";
    private static final String HOSPITAL_ID = "HOSP-BRW-0101";
    private static final String NAME = "Browsertest^Bruno";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @RegisterExtension
    final Browser browser = new Browser();

    @ArquillianResource
    private ManagementClient management;

    @Test
    void uploaderFillsASlotAndDownloadsTheDeidentifiedStudy() throws Exception {
        Path dir = Files.createTempDirectory("upload-browser-it-");
        Path study = dir.resolve("study");
        generate(study);
        try (ResearchOrthanc research = ResearchOrthanc.start(dir.resolve("research"))) {
            setResearchNode(research.node());
            try {
                run(study, research, dir);
            } finally {
                removeResearchNode();
            }
        }
    }

    private void run(Path study, ResearchOrthanc research, Path dir) throws Exception {
        browser.login(DemoUsers.UPLOADER, DemoUsers.password(DemoUsers.UPLOADER));
        browser.waitFor(By.id("activeStudy"));
        browser.chooseInSelectOneMenu("scopeForm:scope", "RTTRIAL · DD");
        browser.waitForText(By.id("activeStudy"), "RT-TRIAL-01");

        browser.open("subjects/index.xhtml");
        browser.waitFor(By.id("subjectsForm:subjects"));
        assertTrue(browser.driver().findElement(By.id("subjectsForm:subjects")).getText().contains("RT-DD-003"));
        assertFalse(browser.driver().findElement(By.id("subjectsForm:subjects")).getText().contains("RT-MU"),
                "no subject of another site");
        browser.screenshot("upload-subjects");

        browser.driver().findElements(By.cssSelector("a.pacs-subject-link")).stream()
                .filter(a -> a.getText().equals("RT-DD-003")).findFirst().orElseThrow().click();
        browser.waitFor(By.id("studySubjectId"));
        WebElement row = browser.driver().findElements(By.cssSelector(".pacs-slots tr")).stream()
                .filter(tr -> tr.getText().contains("Applied RT plan set")).findFirst().orElseThrow();
        row.findElement(By.cssSelector("a.pacs-upload-link")).click();

        browser.waitFor(By.id("slotLabel"));
        assertTrue(browser.driver().findElement(By.id("slotLabel")).getText().contains("Applied RT plan set"));
        String files;
        try (Stream<Path> s = Files.list(study)) {
            files = s.sorted().map(Path::toString).collect(Collectors.joining("\n"));
        }
        browser.driver().findElement(By.cssSelector(".pacs-file-upload input[type=file]")).sendKeys(files);

        // each file goes up on its own; inspect until all six have arrived
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            browser.driver().findElement(By.id("uploadForm:inspect")).click();
            Thread.sleep(1000);
            List<WebElement> counts = browser.driver().findElements(By.cssSelector(".pacs-count"));
            int sum = counts.stream().mapToInt(e -> Integer.parseInt(e.getText().trim())).sum();
            if (sum == 6) {
                break;
            }
            assertFalse(System.nanoTime() > deadline, "only " + sum + " of 6 instances arrived");
        }
        browser.waitFor(By.id("allClear"));
        assertEquals(4, browser.driver().findElements(By.cssSelector(".pacs-modality")).size());
        assertFalse(browser.driver().findElements(By.cssSelector("img.pacs-thumbnail")).isEmpty(), "CT thumbnail");
        String preview = browser.driver().findElement(By.id("result")).getText();
        // the project's profile decides whether the PID or the study subject ID becomes the Patient ID
        assertTrue(preview.contains("PID-RT-0101") || preview.contains("RT-DD-003"), "the preview shows the new identity");
        assertTrue(preview.contains(HOSPITAL_ID), "and, to the uploader only, the original values");
        browser.screenshot("upload-preview");

        // the database outlives a run: a slot filled before must be replaced explicitly
        List<WebElement> replace = browser.driver().findElements(By.cssSelector("#confirmForm\\:replace .ui-chkbox-box"));
        if (!replace.isEmpty()) {
            replace.get(0).click();
        }
        browser.driver().findElement(By.id("confirmForm:confirm")).click();
        browser.waitFor(By.id("jobForm:jobProgress"));
        browser.screenshot("upload-progress");
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(120))
                .until(d -> !d.findElements(By.id("jobForm:jobDone")).isEmpty()
                        || !d.findElements(By.id("jobForm:jobError")).isEmpty());
        assertTrue(browser.driver().findElements(By.id("jobForm:jobError")).isEmpty(),
                () -> browser.driver().findElement(By.id("jobForm:jobError")).getText());
        assertEquals("6", browser.driver().findElement(By.id("jobVerified")).getText());
        assertEquals(6, research.instanceCount());
        browser.screenshot("upload-done");

        browser.driver().findElement(By.id("jobForm:backToSubject")).click();
        browser.waitFor(By.cssSelector(".pacs-slot-fill"));
        WebElement filled = browser.driver().findElements(By.cssSelector(".pacs-slots tr")).stream()
                .filter(tr -> tr.getText().contains("Applied RT plan set")).findFirst().orElseThrow();
        assertTrue(filled.getText().contains("CT, RTSTRUCT, RTPLAN, RTDOSE") || filled.getText().contains("RTDOSE"),
                filled.getText());
        assertTrue(filled.getText().contains("uploaded by uploader"), filled.getText());
        browser.screenshot("upload-slot-filled");

        filled.findElement(By.cssSelector("a.pacs-series-link")).click();
        browser.waitFor(By.id("studyUid"));
        browser.waitFor(By.cssSelector("img.pacs-thumbnail"));
        assertEquals(3, browser.driver().findElements(By.cssSelector(".pacs-rt-card")).size(),
                "RTSTRUCT, RTPLAN and RTDOSE shown with labels");
        browser.screenshot("upload-series");

        String href = browser.driver().findElement(By.id("downloadStudy")).getAttribute("href");
        Path zip = dir.resolve("download.zip");
        download(href, zip);
        Path unzipped = Files.createDirectories(dir.resolve("unzipped"));
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                Files.copy(in, unzipped.resolve(entries++ + ".dcm"));
            }
        }
        assertEquals(6, entries);
        assertEquals(List.of(), LeakScanner.of(List.of(HOSPITAL_ID, NAME, "19570301")).scan(unzipped));
    }

    private void download(String href, Path target) throws IOException, InterruptedException {
        Cookie session = browser.driver().manage().getCookieNamed("JSESSIONID");
        HttpResponse<Path> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create(href)).timeout(Duration.ofSeconds(120))
                        .header("Cookie", "JSESSIONID=" + session.getValue()).GET().build(),
                        HttpResponse.BodyHandlers.ofFile(target));
        assertEquals(200, r.statusCode(), "download of " + href);
        assertEquals("application/zip", r.headers().firstValue("Content-Type").orElse(""));
    }

    private void setResearchNode(String node) throws IOException {
        removeResearchNode();
        ModelNode op = new ModelNode();
        op.get("operation").set("add");
        op.get("address").add("system-property", PROPERTY);
        op.get("value").set(node);
        ModelNode result = management.getControllerClient().execute(op);
        assertEquals("success", result.get("outcome").asString(), result.toString());
    }

    private void removeResearchNode() throws IOException {
        ModelNode op = new ModelNode();
        op.get("operation").set("remove");
        op.get("address").add("system-property", PROPERTY);
        management.getControllerClient().execute(op);
    }

    private static void generate(Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", "../scripts/testdata/make_rt_study.py", "--out",
                out.toString(), "--patient-id", HOSPITAL_ID, "--patient-name", NAME, "--sex", "M", "--birth-date",
                "19570301", "--slices", "3").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
                "make_rt_study.py failed (needs /usr/bin/python3 with python3-pydicom): " + text);
    }
}
