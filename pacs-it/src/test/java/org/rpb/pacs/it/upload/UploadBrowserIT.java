package org.rpb.pacs.it.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.awaitility.Awaitility;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.deident.scan.LeakScanner;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;
import org.rpb.pacs.it.support.ServerProperty;
import org.rpb.pacs.it.support.UploadSteps;

/**
 * Workflow 1 in Chromium: the demo uploader uploads the CT + RT files of make_rt_study.py into the "Applied RT
 * plan set" slot of subject RT-DD-003, watches the job, sees the slot filled, opens the series with thumbnails,
 * downloads the ZIP and the leak scanner finds no original identifier in it; the subjects list shows, sorts and
 * exports the enrolment date; a ZIP of more than 1 GB goes up and is inspected; a viewer is refused the jobs page.
 * Saves upload-*.png screenshots.
 */
class UploadBrowserIT extends ModuleInChromium {

    private static final String PROPERTY = "pacs.research.node";
    private static final String HOSPITAL_ID = "HOSP-BRW-0101";
    private static final String NAME = "Browsertest^Bruno";

    final UploadSteps steps = new UploadSteps(browser);

    @ArquillianResource
    private ManagementClient management;

    @Test
    void uploaderFillsASlotAndDownloadsTheDeidentifiedStudy(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("study");
        generate(study);
        try (OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            setResearchNode(research.node());
            try {
                run(study, research, dir);
            } finally {
                removeResearchNode();
            }
        }
    }

    private void run(Path study, OrthancServer research, Path dir) throws Exception {
        steps.loginInto(DemoUsers.UPLOADER, "RTTRIAL · DD", "RT-TRIAL-01");

        browser.open("subjects/index.xhtml");
        browser.waitFor(By.id("subjectsForm:subjects"));
        assertTrue(browser.driver().findElement(By.id("subjectsForm:subjects")).getText().contains("RT-DD-003"));
        assertFalse(browser.driver().findElement(By.id("subjectsForm:subjects")).getText().contains("RT-MU"),
                "no subject of another site");
        WebElement subjectRow = browser.driver().findElements(By.cssSelector("#subjectsForm\\:subjects tbody tr"))
                .stream().filter(tr -> tr.getText().contains("RT-DD-003")).findFirst().orElseThrow();
        assertEquals("2024-09-16", subjectRow.findElement(By.cssSelector(".pacs-enrolled")).getText(),
                "the enrolment date of the demo portal");
        browser.screenshot("upload-subjects");
        List<String> unsorted = enrolmentDates();
        browser.driver().findElements(By.cssSelector("#subjectsForm\\:subjects th.ui-sortable-column")).stream()
                .filter(th -> th.getText().contains("Enrolled")).findFirst().orElseThrow()
                .findElement(By.cssSelector(".ui-column-title")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .until(d -> !enrolmentDates().equals(unsorted));
        List<String> sorted = enrolmentDates();
        assertEquals(sorted.stream().sorted().toList(), sorted, "sorted by enrolment date");
        assertEquals(unsorted.stream().sorted().toList(), sorted, "the same subjects");
        String csv = exportSubjects();
        assertTrue(csv.contains("Enrolled"), csv);
        assertTrue(csv.lines().anyMatch(l -> l.contains("RT-DD-003") && l.contains("2024-09-16")), csv);

        browser.driver().findElements(By.cssSelector("a.pacs-subject-link")).stream()
                .filter(a -> a.getText().equals("RT-DD-003")).findFirst().orElseThrow().click();
        browser.waitFor(By.id("studySubjectId"));
        steps.openUploadOfSlot("Applied RT plan set");
        assertTrue(browser.driver().findElement(By.id("slotLabel")).getText().contains("Applied RT plan set"));
        try (Stream<Path> s = Files.list(study)) {
            steps.send(s.sorted().toArray(Path[]::new));
        }
        // the page sends the files a few at a time; inspect until all six have arrived
        steps.inspectUntil(6, Duration.ofSeconds(60));
        assertEquals(4, browser.driver().findElements(By.cssSelector(".pacs-modality")).size());
        assertFalse(browser.driver().findElements(By.cssSelector("img.pacs-thumbnail")).isEmpty(), "CT thumbnail");
        String uploadThumbnail = thumbnailSource();
        assertEquals(200, fetch(uploadThumbnail, true, null).statusCode(), "the uploader's own thumbnail");
        assertEquals(404, fetch(uploadThumbnail, false, DemoUsers.VIEWER).statusCode(), "another session's request");
        String preview = browser.read(By.id("result"), WebElement::getText);
        // the demo project's profile makes the PID the Patient ID (UploadServiceIT checks the attribute itself)
        assertTrue(preview.contains("PID-RT-0101"), "the preview shows the new identity: " + preview);
        assertTrue(preview.contains(HOSPITAL_ID), "and, to the uploader only, the original values");
        scrollTo(By.id("series"));
        browser.screenshot("upload-preview");
        scrollTo(By.cssSelector(".pacs-preview-title"));
        browser.screenshot("upload-deidentification-preview");

        // the database outlives a run: a slot filled before must be replaced explicitly
        steps.confirm();
        browser.screenshot("upload-progress");
        // the bar as the page polls it: it never goes back and ends at 100 (six instances are one batch, stored by
        // two workers while the page polls every 250 ms: the job may end before a value below 100 is seen)
        List<Integer> seen = new java.util.ArrayList<>();
        // each poll samples the bar (the samples are what is checked) until the job has ended
        Awaitility.await("the job's end; progress seen " + seen).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(150)).until(() -> {
                    Integer v = progressValue();
                    if (v != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(v))) {
                        seen.add(v);
                    }
                    return !browser.driver().findElements(By.id("jobForm:jobDone")).isEmpty()
                            || !browser.driver().findElements(By.id("jobForm:jobError")).isEmpty();
                });
        Integer last = progressValue();
        if (last != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(last))) {
            seen.add(last);
        }
        assertTrue(browser.driver().findElements(By.id("jobForm:jobError")).isEmpty(),
                () -> browser.driver().findElement(By.id("jobForm:jobError")).getText());
        assertEquals("6", browser.driver().findElement(By.id("jobVerified")).getText());
        assertEquals(seen.stream().sorted().toList(), seen, "the bar never went back: " + seen);
        assertEquals(Integer.valueOf(100), seen.get(seen.size() - 1), "the bar ends at 100: " + seen);
        assertEquals(6, research.instanceCount());
        browser.screenshot("upload-done");
        jobStatusIsTheSessionsCountsOnly(browser.driver().findElement(By.id("jobId")).getText().trim());

        browser.driver().findElement(By.id("jobForm:backToSubject")).click();
        browser.waitFor(By.cssSelector(".pacs-slot-fill"));
        WebElement filled = browser.driver().findElements(By.cssSelector(".pacs-slots tr")).stream()
                .filter(tr -> tr.getText().contains("Applied RT plan set")).findFirst().orElseThrow();
        String modalities = filled.findElement(By.cssSelector(".pacs-modalities")).getText();
        assertEquals(java.util.Set.of("CT", "RTSTRUCT", "RTPLAN", "RTDOSE"),
                java.util.Set.of(modalities.split(",\\s*")), modalities);
        assertTrue(filled.getText().contains("uploaded by uploader"), filled.getText());
        browser.screenshot("upload-slot-filled");

        filled.findElement(By.cssSelector("a.pacs-series-link")).click();
        browser.waitFor(By.id("studyUid"));
        browser.waitFor(By.cssSelector("img.pacs-thumbnail"));
        assertEquals(3, browser.driver().findElements(By.cssSelector(".pacs-rt-card")).size(),
                "RTSTRUCT, RTPLAN and RTDOSE shown with labels");
        browser.screenshot("upload-series");
        thumbnailIsTheSessionsInItsStudyOnly();

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

    @Test
    void aZipOfMoreThanOneGigabyteGoesUpAndIsInspected(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("study");
        generate(study);
        // larger than the server's heap (-Xmx1g in arquillian.xml): it only goes through when it is streamed
        long padding = 1100L * 1024 * 1024;
        Path zip = bigZip(study, padding, dir.resolve("large-study.zip"));
        assertTrue(Files.size(zip) > 1024L * 1024 * 1024, "the ZIP has more than 1 GiB: " + Files.size(zip));

        steps.loginInto(DemoUsers.UPLOADER, "RTTRIAL · DD", "RT-TRIAL-01");
        steps.openUpload("RT-DD-003", "Follow-up MR");

        long started = System.nanoTime();
        steps.send(zip);
        steps.inspectUntil(6, Duration.ofSeconds(300), () -> !steps.refusals().isEmpty() || browser.driver()
                .findElements(By.cssSelector(".ui-messages-error, .ui-growl-item")).stream().anyMatch(WebElement::isDisplayed));
        // the file that is not DICOM is listed as ignored (read again if an update replaces the list meanwhile)
        browser.waitForText(By.id("ignored"), "scanner-export.raw");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.println("UploadBrowserIT: " + Files.size(zip) / (1024 * 1024) + " MiB ZIP uploaded and inspected in "
                + seconds + " s");
        assertEquals(4, browser.driver().findElements(By.cssSelector(".pacs-modality")).size());
        browser.waitFor(By.id("allClear"));
        browser.screenshot("upload-large-zip");
    }

    @Test
    void aViewerCannotOpenTheJobsPageAnUploaderCan() {
        browser.loginAs(DemoUsers.VIEWER);
        assertTrue(browser.driver().findElements(By.id("navJobs")).isEmpty(), "no jobs link for a viewer");
        browser.open("jobs/index.xhtml");
        assertEquals("Access refused", browser.waitFor(By.id("errorTitle")).getText());
        assertTrue(browser.driver().findElements(By.id("jobsForm:jobs")).isEmpty());

        browser.driver().manage().deleteAllCookies();
        browser.loginAs(DemoUsers.UPLOADER);
        browser.open("jobs/index.xhtml");
        browser.waitFor(By.id("jobsForm:jobs"));
        assertTrue(browser.driver().findElements(By.id("errorTitle")).isEmpty());
    }

    /** A ZIP (stored, not deflated) of the study's files and a large file of random bytes that is not DICOM. */
    private static Path bigZip(Path study, long paddingBytes, Path zip) throws IOException {
        Path raw = zip.resolveSibling("scanner-export.raw");
        java.util.Random random = new java.util.Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(raw)) {
            for (long n = 0; n < paddingBytes; n += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, paddingBytes - n));
            }
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> s = Files.list(study)) {
            out.setMethod(ZipOutputStream.STORED);
            for (Path f : s.sorted().toList()) {
                stored(out, "study/" + f.getFileName(), f);
            }
            stored(out, "study/scanner-export.raw", raw);
        }
        Files.delete(raw);
        return zip;
    }

    private static void stored(ZipOutputStream out, String name, Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        }
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(Files.size(file));
        e.setCompressedSize(Files.size(file));
        e.setCrc(crc.getValue());
        out.putNextEntry(e);
        Files.copy(file, out);
        out.closeEntry();
    }

    /**
     * The study page's thumbnail is a URL with a random token, no data URI: the uploader's session gets the PNG, a
     * request without a login is sent to the login, another user's request and the uploader's own after choosing
     * another study get a 404, and the uploader gets it again back in the study it was made in.
     */
    private void thumbnailIsTheSessionsInItsStudyOnly() throws Exception {
        String src = thumbnailSource();
        HttpResponse<byte[]> own = fetch(src, true, null);
        assertEquals(200, own.statusCode(), src);
        assertEquals("image/png", own.headers().firstValue("Content-Type").orElse(""));
        assertTrue(isPng(own.body()), "a PNG");
        // the container's no-store for secured pages comes as a header of its own beside the resource's private
        String cacheControl = String.join(", ", own.headers().allValues("Cache-Control"));
        assertTrue(cacheControl.contains("private") || cacheControl.contains("no-store"), cacheControl);

        HttpResponse<byte[]> anonymous = fetch(src, false, null);
        assertFalse(isPng(anonymous.body()), "no picture without a login");
        assertFalse(anonymous.statusCode() == 200 && anonymous.headers().firstValue("Content-Type").orElse("")
                .startsWith("image/"), "no picture without a login: " + anonymous.statusCode());
        HttpResponse<byte[]> other = fetch(src, false, DemoUsers.VIEWER);
        assertEquals(404, other.statusCode(), "another user's session does not hold the token");
        assertFalse(isPng(other.body()));

        // from the start page: the study page of an RTTRIAL record has no scope bar once QOL is active
        String studyPage = browser.driver().getCurrentUrl();
        browser.open("");
        browser.waitFor(By.id("activeStudy"));
        browser.chooseActiveStudy("QOL · DD", "QOL-02");
        assertEquals(404, fetch(src, true, null).statusCode(), "not served while another study is active");
        browser.chooseActiveStudy("RTTRIAL · DD", "RT-TRIAL-01");
        assertEquals(200, fetch(src, true, null).statusCode(), "served again in the study it was made in");
        browser.driver().get(studyPage);
        browser.waitFor(By.cssSelector("img.pacs-thumbnail"));
    }

    /** The first thumbnail's URL, checked to carry a token only. */
    private String thumbnailSource() {
        // the page may still re-render the table of what arrived (its own inspection after the last file)
        String src = browser.read(By.cssSelector("img.pacs-thumbnail"), e -> e.getAttribute("src"));
        assertTrue(src.contains("/jakarta.faces.resource/ThumbnailImage_png.png.xhtml?ln=omnifaces.graphic"), src);
        assertTrue(src.matches(".*[?&]p=[0-9a-f-]{36}(&.*)?$"), "the only parameter is a random token: " + src);
        return src;
    }

    /**
     * @param url   a URL of the server
     * @param own   whether to send the browser's session cookie
     * @param basic a user to send HTTP Basic credentials of, or null
     */
    private HttpResponse<byte[]> fetch(String url, boolean own, String basic) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (own) {
            b.header("Cookie", "JSESSIONID=" + browser.driver().manage().getCookieNamed("JSESSIONID").getValue());
        }
        if (basic != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (basic + ":" + DemoUsers.password(basic)).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * The page followed the job through {@code /upload/job} (UploadJobStatusServlet): state and counts, no identity;
     * for uploaders (the web constraint) and jobs of their active study and site only.
     */
    private void jobStatusIsTheSessionsCountsOnly(String jobId) throws IOException, InterruptedException {
        String status = Browser.BASE_URL + "upload/job?id=";
        HttpResponse<byte[]> own = fetch(status + jobId, true, null);
        String json = new String(own.body(), StandardCharsets.UTF_8);
        assertEquals(200, own.statusCode(), json);
        assertTrue(json.contains("\"state\":\"COMPLETED\"") && json.contains("\"ended\":true")
                && json.contains("\"verified\":6") && json.contains("\"percent\":100"), json);
        assertFalse(json.contains("PID") || json.contains(HOSPITAL_ID) || json.contains("Browsertest"), json);
        // a question with the version the page knows waits for a change, but never for an ended job
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("\"version\":\"([^\"]+)\"").matcher(json);
        assertTrue(version.find(), json);
        HttpResponse<byte[]> again = fetch(status + jobId + "&known="
                + java.net.URLEncoder.encode(version.group(1), StandardCharsets.UTF_8), true, null);
        assertEquals(json, new String(again.body(), StandardCharsets.UTF_8));
        assertEquals(403, fetch(status + jobId, false, DemoUsers.VIEWER).statusCode(), "a viewer: the web constraint");
        assertEquals(404, fetch(status + Long.MAX_VALUE, true, null).statusCode(), "no such upload job");
        assertEquals(400, fetch(status + "x", true, null).statusCode(), "not a job's number");
    }

    private static boolean isPng(byte[] body) {
        return body.length > 8 && body[0] == (byte) 0x89 && body[1] == 'P' && body[2] == 'N' && body[3] == 'G';
    }

    private void scrollTo(By locator) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -70);",
                browser.driver().findElement(locator));
    }

    /** The value the job's progress bar shows, or null while the panel is being replaced. */
    private Integer progressValue() {
        try {
            List<WebElement> label = browser.driver().findElements(By.cssSelector("#jobForm\\:jobProgress .ui-progressbar-label"));
            if (label.isEmpty()) {
                return null;
            }
            String text = label.get(0).getText().replace("%", "").trim();
            return text.isEmpty() ? null : Integer.valueOf(text);
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return null;
        }
    }

    private List<String> enrolmentDates() {
        try {
            return browser.driver().findElements(By.cssSelector("#subjectsForm\\:subjects .pacs-enrolled")).stream()
                    .map(WebElement::getText).toList();
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return List.of();
        }
    }

    /** Posts the subjects form as its CSV link does, with the browser's session, and returns the CSV. */
    private String exportSubjects() throws IOException, InterruptedException {
        WebElement form = browser.driver().findElement(By.id("subjectsForm"));
        String link = browser.driver().findElements(By.cssSelector("a[id$='exportCsv']")).get(0).getAttribute("id");
        String viewState = form.findElement(By.name("jakarta.faces.ViewState")).getAttribute("value");
        String body = "subjectsForm=subjectsForm&" + enc("jakarta.faces.ViewState") + "=" + enc(viewState) + "&"
                + enc(link) + "=" + enc(link);
        Cookie session = browser.driver().manage().getCookieNamed("JSESSIONID");
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create(form.getAttribute("action"))).timeout(Duration.ofSeconds(60))
                        .header("Cookie", "JSESSIONID=" + session.getValue())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "CSV export");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"),
                "" + r.headers().map());
        return r.body();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void download(String href, Path target) throws IOException, InterruptedException {
        Cookie session = browser.driver().manage().getCookieNamed("JSESSIONID");
        HttpResponse<Path> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create(href)).timeout(Duration.ofSeconds(120))
                        .header("Cookie", "JSESSIONID=" + session.getValue()).GET().build(),
                        HttpResponse.BodyHandlers.ofFile(target));
        assertEquals(200, r.statusCode(), "download of " + href);
        assertEquals("application/zip", r.headers().firstValue("Content-Type").orElse(""));
    }

    private void setResearchNode(String node) throws IOException {
        ServerProperty.set(management, PROPERTY, node);
    }

    private void removeResearchNode() throws IOException {
        ServerProperty.remove(management, PROPERTY);
    }

    private static void generate(Path out) throws IOException, InterruptedException {
        RtStudyFiles.generate(out, "--patient-id", HOSPITAL_ID, "--patient-name", NAME, "--sex", "M", "--birth-date",
                "19570301", "--slices", "3");
    }
}
