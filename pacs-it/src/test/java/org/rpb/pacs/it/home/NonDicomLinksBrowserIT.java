package org.rpb.pacs.it.home;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;

/**
 * Direct links (bookmarks) to the subject, upload and download pages while a study without DICOM is active end on
 * the home page with its explanation (issue 16): no 500 page, and no ERROR with a stack trace in the server log.
 */
class NonDicomLinksBrowserIT extends ModuleInChromium {

    @Test
    void directLinksWhileAStudyWithoutDicomIsActiveShowTheHomePagesExplanation() throws Exception {
        Path log = Path.of(System.getProperty("pacs.it.wildfly.home", "../pacs-server/target/wildfly"))
                .resolve("standalone/log/server.log");
        long logBefore = Files.size(log);
        browser.loginAs(DemoUsers.UPLOADER);
        browser.chooseActiveStudy("QOL · DD", "QOL-02");
        browser.waitFor(By.id("dicomDisabled"));
        try {
            for (String link : List.of("subjects/subject.xhtml?pid=PID-RT-0101",
                    "upload/index.xhtml?slot=1", "subjects/download?record=1")) {
                browser.open(link);
                browser.waitFor(By.id("dicomDisabled"));
                assertTrue(browser.driver().findElements(By.id("errorTitle")).isEmpty(), "an error page for " + link);
            }
        } finally {
            browser.chooseActiveStudy("RTTRIAL · DD", "RT-TRIAL-01");
        }
        byte[] all = Files.readAllBytes(log);
        String added = new String(all, (int) logBefore, all.length - (int) logBefore,
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(added.contains("ERROR") || added.contains("DicomNotEnabledException:"), added);
    }
}
