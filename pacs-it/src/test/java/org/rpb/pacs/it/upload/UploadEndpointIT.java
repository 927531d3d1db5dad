package org.rpb.pacs.it.upload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.UploadSteps;

/**
 * The upload page's endpoint ({@code POST /pacs/upload/files}) takes a file only for the upload open on the caller's
 * own page: the uploader's request with the page's token lands (the page then counts it); the same session without
 * the token or with a made-up one, a viewer or a portal user without PACS roles with the token (the web constraint),
 * another uploader with the token (the token is looked up in the caller's own HTTP session only) and a caller who is
 * not logged in are all refused, and nothing they sent reaches the upload. A body that is not framed files is
 * refused; a file cut short is refused alone. The file's name (which may hold a patient's name) is in no URL and not
 * in server.log.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UploadEndpointIT {

    private static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
    private static final String NAME = "Endpointtest^Erik/CT_small.dcm";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @RegisterExtension
    final Browser browser = new Browser();
    final UploadSteps steps = new UploadSteps(browser);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void onlyTheUploadersOwnPageWithItsTokenPutsFilesIntoItsUpload() throws Exception {
        steps.loginInto(DemoUsers.UPLOADER, "RTTRIAL · DD", "RT-TRIAL-01");
        steps.openUpload("RT-DD-003", "Follow-up MR");
        String token = browser.driver().findElement(By.id("uploadBox")).getAttribute("data-token");
        assertTrue(token.length() >= 40, "a token of 256 random bits: " + token);
        assertFalse(browser.driver().getCurrentUrl().contains(token), "the token is not in the page's URL");
        String cookie = "JSESSIONID=" + browser.driver().manage().getCookieNamed("JSESSIONID").getValue();

        // the same session without the page's token, or with another, is refused
        assertEquals(403, post(cookie, null, null).statusCode());
        assertEquals(403, post(cookie, null, (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1)).statusCode());
        // users without ROLE_PACS_UPLOAD are stopped by the web constraint, whatever token they send
        for (String user : new String[] {DemoUsers.VIEWER, DemoUsers.OUTSIDER}) {
            assertEquals(403, post(null, basic(user), token).statusCode(), user);
        }
        // another uploader's session does not know this page's token
        HttpResponse<String> other = post(null, basic(DemoUsers.STAGER), token);
        assertEquals(403, other.statusCode(), other.body());
        assertTrue(other.body().contains("not open"), other.body());
        // not logged in: the login page, not the upload
        HttpResponse<String> anonymous = post(null, null, token);
        assertFalse(anonymous.statusCode() == 200 && anonymous.body().contains("\"files\""), anonymous.body());

        // a body that is not a list of framed files is refused as a whole
        assertEquals(400, post(cookie, null, token, new byte[] {0, 0, 1}).statusCode());
        // a file cut short is refused and leaves nothing; the page's own request before it lands
        byte[] ct = Files.readAllBytes(CT);
        byte[] cut = frame("Endpointtest^Erik/cut.dcm", ct);
        byte[] both = concat(frame(NAME, ct), java.util.Arrays.copyOf(cut, cut.length - 1000));
        HttpResponse<String> own = post(cookie, null, token, both);
        assertEquals(200, own.statusCode(), own.body());
        assertTrue(own.body().startsWith("{\"results\":[{\"files\":1},{\"error\":\"Endpointtest_Erik/cut.dcm: "),
                own.body());
        // CT_small.dcm is not RT-DD-003's (the checks block it): what counts is that exactly one instance arrived
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .ignoreException(StaleElementReferenceException.class).until(() -> {
                    browser.click(By.id("uploadForm:inspect"));
                    return browser.driver().findElements(By.cssSelector(".pacs-count")).stream()
                            .map(e -> e.getText().trim()).toList().equals(List.of("1"));
                });

        // after "Start again" the token goes on naming this page's (new, empty) upload
        browser.click(By.id("uploadForm:restart"));
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.driver().findElements(By.cssSelector(".pacs-count"))
                .isEmpty());
        assertEquals(200, post(cookie, null, token).statusCode());

        Path log = Path.of(System.getProperty("pacs.it.wildfly.home", "../pacs-server/target/wildfly"))
                .resolve("standalone/log/server.log");
        if (Files.exists(log)) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("Endpointtest"), "a file name of the upload is in server.log");
        }
    }

    /** Posts CT_small.dcm under {@link #NAME} as the page's script does, with the given credentials and token. */
    private HttpResponse<String> post(String cookie, String authorization, String token)
            throws IOException, InterruptedException {
        return post(cookie, authorization, token, frame(NAME, Files.readAllBytes(CT)));
    }

    private HttpResponse<String> post(String cookie, String authorization, String token, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(Browser.BASE_URL + "upload/files"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        if (token != null) {
            r.header("X-Upload-Token", token);
        }
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(500, response.statusCode(), response.body());
        return response;
    }

    /** One file as the endpoint takes it: name length (2 bytes), name (UTF-8), size (8 bytes), content. */
    private static byte[] frame(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        data.writeShort(n.length);
        data.write(n);
        data.writeLong(content.length);
        data.write(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + DemoUsers.password(user))
                .getBytes(StandardCharsets.UTF_8));
    }
}
