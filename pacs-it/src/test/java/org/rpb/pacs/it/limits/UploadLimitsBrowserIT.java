package org.rpb.pacs.it.limits;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.UploadSteps;

/**
 * A ZIP bomb through the upload page (issue 15): a 1 GiB entry of zeros deflated to about 1 MB is refused while it
 * unpacks, with the reason on the page; what it unpacked is deleted (the server's temporary folder stays bounded), and
 * the server keeps serving the same user.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UploadLimitsBrowserIT {
    private static final long GIB = 1024L * 1024 * 1024;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void aZipBombIsRefusedOnTheUploadPageAndTheServerKeepsServing(@TempDir Path dir) throws Exception {
        Path bomb = dir.resolve("scans.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("scans/CT0001.dcm"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 1024; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(bomb) < 2 * 1024 * 1024, "a small archive: " + Files.size(bomb));
        Path temp = Path.of(System.getProperty("pacs.it.wildfly.home", "../pacs-server/target/wildfly"))
                .resolve("standalone/tmp");
        long before = size(temp);

        UploadSteps steps = new UploadSteps(browser);
        steps.loginInto(DemoUsers.UPLOADER, "RTTRIAL · DD", "RT-TRIAL-01");
        steps.openUpload("RT-DD-003", "Follow-up MR");
        steps.send(bomb);

        String message = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> browser.driver().findElements(By.cssSelector(".ui-growl-item, .ui-messages-error")).stream()
                        .filter(WebElement::isDisplayed).map(WebElement::getText)
                        .filter(t -> t.contains("ZIP bomb")).findFirst().orElse(null), t -> t != null);
        assertTrue(message.contains("scans.zip") && message.contains("200 times"), message);
        browser.screenshot("upload-zip-bomb-refused");
        long grown = size(temp) - before;
        assertTrue(grown < 16L * 1024 * 1024, "the refused archive's files are deleted: the temp folder grew by " + grown);
        assertTrue(grown < GIB);

        // the server keeps serving: the same user opens another page
        browser.open("subjects/index.xhtml");
        browser.waitFor(By.id("subjectsForm:subjects"));
    }

    private static long size(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
