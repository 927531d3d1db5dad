package org.rpb.pacs.it.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;
import org.rpb.pacs.it.support.ServerProperty;
import org.rpb.pacs.it.support.UploadSteps;

/**
 * An upload job stays in the study and site it was started in (issue 13): in Chromium the demo stager (who works in
 * RTTRIAL and Study0) uploads a 300-instance CT + RT study into the "Diagnostic imaging" slot of RTTRIAL subject
 * RT-DD-003 and, in a second tab, makes Study0 the active study while the job runs. The job completes while Study0
 * is active; the study is recorded and linked in RTTRIAL (the slot shows it, the jobs page of RTTRIAL lists the
 * upload with every instance verified), nothing appears in Study0 (no upload on its jobs page, no such event in its
 * audit trail), and the audit trail of RTTRIAL has the upload.
 */
class UploadScopeBrowserIT extends ModuleInChromium {

    private static final String PROPERTY = "pacs.research.node";
    private static final String HOSPITAL_ID = "HOSP-SCP-0101";
    private static final String NAME = "Scopetest^Sven";
    private static final int SLICES = 297;
    private static final int TOTAL = SLICES + 3;
    private static final String SUBJECT = "RT-DD-003";
    private static final String SLOT = "Diagnostic imaging";

    final UploadSteps steps = new UploadSteps(browser);

    @ArquillianResource
    private ManagementClient management;

    @Test
    void anUploadCompletesInItsOwnStudyWhileTheUserSwitchesToStudy0(@TempDir Path dir) throws Exception {
        Path zip = zip(generate(dir.resolve("study")), dir.resolve("study.zip"));
        try (OrthancServer research = OrthancServer.builder().aeTitle("RESEARCH").workDir(dir.resolve("research"))
                .storeHold(true).start()) {
            ServerProperty.set(management, PROPERTY, research.node());
            try {
                run(zip, research);
            } finally {
                ServerProperty.remove(management, PROPERTY);
            }
        }
    }

    private void run(Path zip, OrthancServer research) throws Exception {
        steps.loginInto(DemoUsers.STAGER, "RTTRIAL · DD", "RT-TRIAL-01");
        steps.openUpload(SUBJECT, SLOT);
        steps.send(zip);
        steps.inspectUntil(TOTAL, Duration.ofSeconds(240));
        Set<String> before = uploadExecutions().keySet();
        String uploadTab = browser.driver().getWindowHandle();
        // a second tab, loaded before the job starts, makes Study0 the active study while the job runs
        browser.driver().switchTo().newWindow(WindowType.TAB);
        String study0Tab = browser.driver().getWindowHandle();
        browser.open("");
        browser.waitFor(By.id("activeStudy"));
        browser.driver().switchTo().window(uploadTab);
        String execution;
        // the research PACS answers no C-STORE from the confirmation until Study0 is active, so the job is under way
        // when the active study changes (it stores 300 instances in about a second otherwise); its stores wait for
        // their responses up to the node's response timeout (60 s)
        research.holdStores();
        try {
            // the slot may hold a study of an earlier test: replacing it is confirmed
            steps.confirm();

            browser.driver().switchTo().window(study0Tab);
            browser.chooseActiveStudy("STUDY0 · DD", "Study0");
            execution = await().atMost(Duration.ofSeconds(30)).until(() -> uploadExecutions().keySet().stream()
                    .filter(e -> !before.contains(e)).findFirst().orElse(null), e -> e != null);
            assertFalse("COMPLETED".equals(uploadExecutions().get(execution)),
                    "the job completed before the active study changed; the test proves nothing then");
            assertEquals(0, research.instanceCount(), "the research PACS stored an instance while its stores were held");
        } finally {
            research.releaseStores();
        }
        String end = await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                .until(() -> uploadExecutions().get(execution), s -> !List.of("STARTING", "STARTED").contains(s));
        assertEquals("COMPLETED", end, "the upload job's batch status");
        assertEquals(TOTAL, research.instanceCount());
        assertTrue(browser.driver().findElement(By.id("activeStudy")).getText().contains("Study0"),
                "Study0 stayed active while the job ran");
        // nothing in Study0: no upload job on its jobs page, no upload in its audit trail (below)
        browser.open("jobs/index.xhtml");
        browser.waitFor(By.id("jobsForm:jobs"));
        assertTrue(browser.driver().findElements(By.cssSelector(".pacs-job-kind")).stream()
                .noneMatch(k -> k.getText().equals("UPLOAD")), "an upload job listed in Study0");

        // RTTRIAL: the job completed with every instance verified, the slot holds the study
        choose("RTTRIAL · DD", "RT-TRIAL-01");
        browser.open("jobs/index.xhtml");
        browser.waitFor(By.id("jobsForm:jobs"));
        WebElement row = browser.driver().findElements(By.cssSelector("#jobsForm\\:jobs tbody tr")).get(0);
        assertEquals("UPLOAD", row.findElement(By.cssSelector(".pacs-job-kind")).getText(), row.getText());
        assertEquals("COMPLETED", row.findElement(By.cssSelector(".pacs-job-state")).getText(), row.getText());
        assertTrue(row.findElement(By.cssSelector(".pacs-job-counts")).getText()
                .contains(TOTAL + " verified of " + TOTAL + ", 0 failed"), row.getText());
        browser.screenshot("jobs-upload-in-own-study");
        steps.openSubject(SUBJECT);
        WebElement filled = steps.slotRow(SLOT);
        assertTrue(filled.getText().contains("uploaded by " + DemoUsers.STAGER), filled.getText());
        browser.driver().switchTo().window(uploadTab).close();

        // the audit trails, as the administrator sees them: the upload in RTTRIAL, none in Study0
        browser.driver().switchTo().window(browser.driver().getWindowHandles().iterator().next());
        browser.driver().manage().deleteAllCookies();
        browser.loginAs(DemoUsers.ADMIN);
        choose("RTTRIAL · DD", "RT-TRIAL-01");
        assertTrue(auditHasTheUpload(), "the upload is in RTTRIAL's audit trail");
        choose("STUDY0 · DD", "Study0");
        assertFalse(auditHasTheUpload(), "the upload is in Study0's audit trail");
    }

    /** Chooses the active study on the home page (where the test finds it shown). */
    private void choose(String label, String title) {
        browser.open("");
        browser.waitFor(By.id("activeStudy"));
        browser.chooseActiveStudy(label, title);
    }

    private boolean auditHasTheUpload() {
        browser.open("admin/audit.xhtml");
        browser.waitFor(By.id("auditTitle"));
        return browser.driver().findElements(By.cssSelector("#auditForm\\:events tr")).stream().map(WebElement::getText)
                .anyMatch(t -> t.contains(DemoUsers.STAGER) && t.contains("UPLOAD") && t.contains(TOTAL + " instances"));
    }

    /** The executions of the batch job pacs-upload in the server's management model, by ID, with their status. */
    private java.util.Map<String, String> uploadExecutions() throws IOException {
        ModelNode op = new ModelNode();
        op.get("operation").set("read-resource");
        ModelNode address = op.get("address");
        address.add("deployment", "*");
        address.add("subdeployment", "*");
        address.add("subsystem", "batch-jberet");
        address.add("job", "pacs-upload");
        op.get("include-runtime").set(true);
        op.get("recursive").set(true);
        ModelNode result = management.getControllerClient().execute(op);
        java.util.Map<String, String> out = new java.util.HashMap<>();
        if (!"success".equals(result.get("outcome").asString())) {
            return out;
        }
        for (ModelNode r : result.get("result").asList()) {
            ModelNode executions = r.get("result").get("execution");
            if (executions.isDefined()) {
                for (String id : executions.keys()) {
                    out.put(id, executions.get(id).get("batch-status").asString());
                }
            }
        }
        return out;
    }

    private static Path generate(Path out) throws IOException, InterruptedException {
        RtStudyFiles.generate(out, "--patient-id", HOSPITAL_ID, "--patient-name", NAME, "--sex", "M", "--birth-date",
                "19570301", "--seed", "upload-scope-it", "--slices", Integer.toString(SLICES));
        return out;
    }

    /** The files in one ZIP (stored, as scanner exports often are). */
    private static Path zip(Path study, Path zip) throws IOException {
        Set<String> names = new HashSet<>();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> s = Files.list(study)) {
            out.setMethod(ZipOutputStream.STORED);
            for (Path f : s.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                ZipEntry e = new ZipEntry("export/" + f.getFileName());
                CRC32 crc = new CRC32();
                crc.update(bytes);
                e.setSize(bytes.length);
                e.setCrc(crc.getValue());
                out.putNextEntry(e);
                out.write(bytes);
                out.closeEntry();
                names.add(f.getFileName().toString());
            }
        }
        assertEquals(TOTAL, names.size(), "make_rt_study.py wrote " + names.size() + " files");
        return zip;
    }
}
