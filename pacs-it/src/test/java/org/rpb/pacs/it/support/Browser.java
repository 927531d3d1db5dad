package org.rpb.pacs.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rpb.pacs.core.io.FileTrees;

/**
 * A headless Debian Chromium for one test, registered with {@code @RegisterExtension}: a fresh
 * profile per test, a screenshot under {@code target/screenshots} when the test fails, and the
 * browser closed afterwards.
 */
public final class Browser implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

    public static final String BASE_URL = "http://127.0.0.1:8080/pacs/";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final String baseUrl;
    private final String[] extraArguments;
    private WebDriver driver;
    private Path profile;

    /** A browser for the Arquillian server's module at {@link #BASE_URL}, with the usual options. */
    public Browser() {
        this(BASE_URL, new String[0]);
    }

    /**
     * A browser for the Arquillian server's module with further command-line options, e.g.
     * {@code --ignore-certificate-errors} for a server with a self-signed test certificate.
     *
     * @param extraArguments added to the usual options
     */
    public Browser(String... extraArguments) {
        this(BASE_URL, extraArguments);
    }

    private Browser(String baseUrl, String... extraArguments) {
        this.baseUrl = baseUrl;
        this.extraArguments = extraArguments.clone();
    }

    /**
     * @param baseUrl the module's URL on a server of the test's own (e.g. a cluster's balancer), ending in '/'
     * @return a browser whose {@link #open} and {@link #login} go there
     */
    public static Browser at(String baseUrl) {
        return new Browser(baseUrl, new String[0]);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Chromium is missing: apt-get install -y chromium chromium-driver");
        }
        profile = Files.createTempDirectory("pacs-it-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent() && driver != null) {
            screenshot("FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
                    + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        FileTrees.deleteQuietly(profile); // a browser process still ending may hold a file a moment longer
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a page of the module, relative to its context root. */
    public void open(String relative) {
        driver.get(baseUrl + relative);
    }

    /** Logs in through the FORM login page, starting from the module's start page. */
    public void login(String user, String password) {
        open("");
        waitFor(By.id("login"));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("submit")).click();
    }

    /** Logs in as a demo user (with its demo password) and waits for the page's active study bar. */
    public void loginAs(String demoUser) {
        login(demoUser, DemoUsers.password(demoUser));
        waitFor(By.id("activeStudy"));
    }

    public WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    public void waitForText(By locator, String text) {
        waitForText(locator, text, Duration.ofSeconds(30));
    }

    /**
     * Reads something of an element that an update may replace while it is read (it is looked up again then).
     *
     * @param locator the element
     * @param what what to read of it, e.g. {@code e -> e.getAttribute("src")}
     * @return what was read, once it is not null
     */
    public <T> T read(By locator, java.util.function.Function<WebElement, T> what) {
        return new WebDriverWait(driver, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage(() -> "reading " + locator)
                .until(d -> what.apply(d.findElement(locator)));
    }

    /**
     * Waits until the element shows the text. An element that an update replaces while it is read (Chromium
     * reports that as a stale element or as a node that no longer belongs to the document) is looked up again.
     */
    private void waitForText(By locator, String text, Duration timeout) {
        new WebDriverWait(driver, timeout)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .withMessage(() -> locator + " to contain \"" + text + "\"")
                .until(d -> d.findElement(locator).getText().contains(text));
    }

    /**
     * Chooses the active study/site in the top bar and waits until the page shows its title and the menu's panel
     * has closed (while it fades out it covers the navigation below it). A click on the menu's item can be
     * swallowed while the panel still animates on a loaded machine: then the page is loaded again and, unless it
     * shows the study already, the choice made again, three times at most.
     *
     * @param label the start of the menu item's label, e.g. {@code "RTTRIAL · DD"}
     * @param title text the page's {@code activeStudy} element shows for that study
     */
    public void chooseActiveStudy(String label, String title) {
        for (int attempt = 1; ; attempt++) {
            chooseInSelectOneMenu("scopeForm:scope", label);
            try {
                waitForText(By.id("activeStudy"), title, Duration.ofSeconds(10));
                new WebDriverWait(driver, Duration.ofSeconds(10))
                        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("scopeForm:scope_panel")));
                return;
            } catch (org.openqa.selenium.TimeoutException lost) {
                if (attempt == 3) {
                    throw lost;
                }
                driver.get(driver.getCurrentUrl());
                waitFor(By.id("activeStudy"));
                if (driver.findElement(By.id("activeStudy")).getText().contains(title)) {
                    // the choice took and only its panel stayed open: the page loaded again has it closed (choosing
                    // the item already chosen would open the panel once more)
                    return;
                }
            }
        }
    }

    /**
     * Clicks an element after scrolling it into the middle of the window; when a layout change still puts
     * another element over it, clicks it through the DOM.
     */
    public void click(By locator) {
        WebElement e = waitFor(locator);
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        try {
            e.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].click()", e);
        }
    }

    /** Picks the item whose label starts with {@code labelStart} in a PrimeFaces selectOneMenu. */
    public void chooseInSelectOneMenu(String menuId, String labelStart) {
        driver.findElement(By.id(menuId)).click();
        String panel = menuId + "_panel";
        waitFor(By.id(panel));
        driver.findElement(By.id(panel))
                .findElements(By.cssSelector("li.ui-selectonemenu-item")).stream()
                .filter(li -> li.getAttribute("data-label").startsWith(labelStart))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no item '" + labelStart + "' in " + menuId))
                .click();
    }

    /** Saves a PNG of the page under target/screenshots. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of(System.getProperty("pacs.it.screenshots", "target/screenshots"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
