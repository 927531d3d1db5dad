package org.rpb.pacs.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.OwnWildFly;

import com.sun.net.httpserver.HttpServer;

/**
 * The production configuration of pacs-server (issue 16): the module's EAR on {@code standalone-production.xml},
 * started as an operator would (a keystore generated with keytool, users added with add-user.sh, the database named
 * by properties), checked from outside: plain HTTP only redirects to HTTPS, every security header on pages and on
 * error responses (404, 403, 413), the session cookie {@code Secure; HttpOnly; SameSite=Strict}, none of the demo
 * users can log in, and Chromium refuses to show an admin page inside a frame of another origin.
 * Not an Arquillian test: it runs its own server (ports shifted) and stops it at the end.
 */
class ProductionConfigurationIT {
    private static final int OFFSET = 420;
    private static final String ADMIN = "prodadmin";
    private static final String VIEWER = "prodviewer";
    private static final Map<String, String> HEADERS = Map.of(
            "strict-transport-security", "max-age=31536000; includeSubDomains",
            "x-frame-options", "SAMEORIGIN",
            "x-content-type-options", "nosniff",
            "referrer-policy", "same-origin");

    private static OwnWildFly server;
    private static Path keystore;
    private static String password;
    private static SSLContext trust;

    @RegisterExtension
    final Browser browser = new Browser("--ignore-certificate-errors");

    @BeforeAll
    static void startProductionServer() throws Exception {
        Path dir = Files.createDirectories(Path.of("target").toAbsolutePath()
                .resolve("production-it-" + System.currentTimeMillis()));
        Path ear = Path.of(System.getProperty("pacs.ear", "../ear/target/pacs.ear")).toAbsolutePath();
        // the production configuration answers plain HTTP with redirects: ready when the EAR is deployed
        server = OwnWildFly.builder("production").base(dir.resolve("server")).profile("standalone-production.xml")
                .offset(OFFSET).heap("768m").boot(Duration.ofSeconds(240)).deploy(ear).readyWhenDeployed().build();
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        password = "Pw-" + HexFormat.of().formatHex(random) + "!";
        keystore = dir.resolve("tls.p12");
        OwnWildFly.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pacs", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password));
        server.addUser(ADMIN, password, "ROLE_PORTAL_USER,ROLE_PACS_USER,ROLE_PACS_UPLOAD,ROLE_PACS_LOOKUP,"
                + "ROLE_PACS_DOWNLOAD,ROLE_PACS_ADMIN");
        server.addUser(VIEWER, password, "ROLE_PORTAL_USER,ROLE_PACS_USER");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("pacs.tls.keystore", keystore.toString());
        props.put("pacs.tls.keystore.password", password);
        props.put("pacs.db.driver", "h2");
        props.put("pacs.db.url", "jdbc:h2:" + dir.resolve("db/pacs") + ";MODE=LEGACY;DATABASE_TO_LOWER=TRUE");
        props.put("pacs.db.user", "pacs");
        props.put("pacs.db.password", password);
        // the portal's directory of studies and sites (the users are the server's, not the demo's)
        props.put("pacs.demo.data", "true");
        props.forEach(server::property);
        server.start();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trust = SSLContext.getInstance("TLS");
        trust.init(null, tmf.getTrustManagers(), null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.terminate();
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().sslContext(trust).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static String https(String path) {
        return "https://127.0.0.1:" + server.httpsPort() + "/pacs/" + path;
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** FORM login; returns the answer to the credentials. */
    private static HttpResponse<String> login(HttpClient client, String user, String secret)
            throws IOException, InterruptedException {
        get(client, https(""));
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return client.send(HttpRequest.newBuilder(URI.create(https("j_security_check")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSecurityHeaders(HttpResponse<?> r, String what) {
        HEADERS.forEach((name, value) -> assertEquals(value, r.headers().firstValue(name).orElse(null),
                name + " on " + what));
        String csp = r.headers().firstValue("content-security-policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'self'") && csp.contains("object-src 'none'"),
                "Content-Security-Policy on " + what + ": " + csp);
    }

    @Test
    void plainHttpOnlyRedirectsToHttps() throws Exception {
        HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        for (String page : List.of("", "login.xhtml", "admin/nodes.xhtml")) {
            HttpResponse<String> r = get(plain, "http://127.0.0.1:" + server.httpPort() + "/pacs/" + page);
            assertEquals(302, r.statusCode(), "HTTP " + page);
            assertEquals(https(page), r.headers().firstValue("location").orElse(null), "redirect of " + page);
            assertFalse(r.headers().firstValue("set-cookie").isPresent(), "no session over plain HTTP");
        }
        // the credentials of a login over HTTP are not taken: the form post is redirected as well
        HttpResponse<String> post = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.httpPort() + "/pacs/j_security_check")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=" + ADMIN + "&j_password=" + password)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, post.statusCode());
        assertTrue(post.headers().firstValue("location").orElse("").startsWith("https://"));
        // WildFly's welcome content is gone
        assertEquals(404, get(plain, "http://127.0.0.1:" + server.httpPort() + "/").statusCode());
    }

    @Test
    void everyResponseCarriesTheSecurityHeadersAndTheSessionCookieItsFlags() throws Exception {
        HttpClient anonymous = client();
        HttpResponse<String> page = get(anonymous, https("login.xhtml"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("j_security_check"));
        assertSecurityHeaders(page, "the login page");
        String cookie = page.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElse(null);
        assertNotNull(cookie, "session cookie " + page.headers().allValues("set-cookie"));
        String flags = cookie.toLowerCase(Locale.ROOT);
        assertTrue(flags.contains("; secure") && flags.contains("; httponly") && flags.contains("; samesite=strict"),
                "cookie flags: " + cookie);

        HttpClient viewer = client();
        assertEquals(302, login(viewer, VIEWER, password).statusCode(), "the production realm's user logs in");
        HttpResponse<String> home = get(viewer, https(""));
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains(VIEWER), "logged in as " + VIEWER);
        assertSecurityHeaders(home, "the home page");
        HttpResponse<String> forbidden = get(viewer, https("admin/nodes.xhtml"));
        assertEquals(403, forbidden.statusCode());
        assertSecurityHeaders(forbidden, "403");
        HttpResponse<String> missing = get(viewer, https("no-such-page.xhtml"));
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("errorTitle"), "the module's 404 page");
        assertSecurityHeaders(missing, "404");
        HttpResponse<String> tooBig = anonymous.send(HttpRequest.newBuilder(URI.create(https("login.xhtml")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooBig.statusCode());
        assertSecurityHeaders(tooBig, "413");
    }

    @Test
    void noDemoUserCanLogIn() throws Exception {
        for (String user : List.of(DemoUsers.ADMIN, DemoUsers.UPLOADER, DemoUsers.STAGER, DemoUsers.VIEWER,
                DemoUsers.OUTSIDER)) {
            HttpClient c = client();
            HttpResponse<String> r = login(c, user, DemoUsers.password(user));
            assertTrue(r.body().contains("loginFailed"), user + " must be refused, got HTTP " + r.statusCode());
            HttpResponse<String> after = get(c, https(""));
            assertTrue(after.body().contains("j_security_check"), user + " is not logged in");
        }
        String config = Files.readString(server.configuration().resolve("standalone-production.xml"));
        assertFalse(config.contains("demo-users") || config.contains("pacs.test.users"), "production realm's files");
        try (var files = Files.list(server.configuration())) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("demo-")).toList());
        }
    }

    @Test
    void chromiumRefusesToShowAnAdminPageInAFrameOfAnotherOrigin() throws Exception {
        WebDriver driver = browser.driver();
        driver.get(https(""));
        browser.waitFor(By.id("login"));
        driver.findElement(By.id("username")).sendKeys(ADMIN);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("submit")).click();
        browser.waitForText(By.id("userForm:userName"), ADMIN);
        driver.get(https("admin/nodes.xhtml"));
        browser.waitFor(By.id("nodesTitle"));

        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            byte[] body = ("""
                    <!DOCTYPE html><html><body>
                    <iframe id="plain" src="/plain" onload="window.plainLoaded = true"></iframe>
                    <iframe id="admin" src="%s" onload="window.adminLoaded = true"></iframe>
                    </body></html>""".formatted(https("admin/nodes.xhtml"))).getBytes(StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().equals("/plain")) {
                body = "<!DOCTYPE html><html><body><p id=\"plainText\">framed</p></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        try {
            driver.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
            JavascriptExecutor js = (JavascriptExecutor) driver;
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    Boolean.TRUE.equals(js.executeScript("return window.plainLoaded === true && window.adminLoaded === true")));
            // a frame without the headers shows (so the check below can see a framed page)
            driver.switchTo().frame("plain");
            assertEquals("framed", driver.findElement(By.id("plainText")).getText());
            driver.switchTo().defaultContent();
            // the module's page does not: neither the admin page nor its login form is rendered in the frame
            driver.switchTo().frame("admin");
            assertTrue(driver.findElements(By.id("nodesTitle")).isEmpty(), "admin page shown in a frame");
            assertTrue(driver.findElements(By.id("login")).isEmpty(), "login form shown in a frame");
            driver.switchTo().defaultContent();
            browser.screenshot("production-admin-page-refused-in-frame");
        } finally {
            other.stop(0);
        }
    }
}
