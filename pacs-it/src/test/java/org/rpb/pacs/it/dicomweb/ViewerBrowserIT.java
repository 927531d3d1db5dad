package org.rpb.pacs.it.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.staging.RtStudyFiles;
import org.rpb.pacs.it.support.Browser;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;

/**
 * The viewer in Chromium on a recorded CT + RT structure set study of the demo's shape (12 slices, four ROIs on all
 * but the first and last slice): opened from the study page's CT series, it shows the image (non-blank pixels), the
 * wheel and the slider change the slice (and the pixels), a window preset changes the rendering, the ROI colour is
 * on a slice the structures belong to and not on one they do not, and the legend hides them; the structure set
 * opens on its CT, an RT plan gets a clear message.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ViewerBrowserIT {

    private static final String FIXTURE = "http://127.0.0.1:8080/pacs-it/dicomweb-viewer-fixture?op=";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(ViewerFixtureServlet.class, DicomWebFixture.class,
                DicomWebFixture.TestStudy.class, OrthancServer.class, RtStudyFiles.class);
    }

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void viewerShowsTheCtScrollsWindowsAndDrawsTheStructuresOnTheirSlices() throws Exception {
        Map<String, String> study = fixture("start");
        try {
            browser.login(DemoUsers.STAGER, DemoUsers.password(DemoUsers.STAGER));
            browser.waitFor(By.id("activeStudy"));
            browser.open("subjects/study.xhtml?record=" + study.get("record"));
            WebElement ctRow = browser.waitFor(By.xpath("//tr[.//span[text()='" + study.get("ct") + "']]"));
            browser.click(By.xpath("//tr[.//span[text()='" + study.get("ct") + "']]//a[contains(@class,'pacs-view-series')]"));
            assertFalse(ctRow == null);
            WebElement viewer = ready();
            WebElement frame = viewer.findElement(By.cssSelector(".pacs-viewport-frame"));
            int slices = Integer.parseInt(study.get("slices"));
            assertEquals(String.valueOf(slices), viewer.getAttribute("data-slices"));

            // the middle slice: an image, with the structures in their colour (red in the demo's structure set)
            BufferedImage middle = shot(frame);
            assertTrue(bright(middle) > 0.05, "the viewport is blank");
            assertTrue(roiPixels(middle) > 100, "no contour pixels on a slice the structures belong to");
            browser.screenshot("viewer-ct-rtstruct");

            // the wheel moves to another slice and the pixels change
            String before = viewer.getAttribute("data-slice");
            new Actions(browser.driver()).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(frame), 0, 120).perform();
            until(() -> !before.equals(viewer.getAttribute("data-slice")));
            assertFalse(Arrays.equals(pixels(middle), pixels(shot(frame))), "the wheel did not change the image");

            // the slider goes to the first slice, where no structure is drawn
            slide(viewer, 0);
            BufferedImage first = shot(frame);
            assertTrue(bright(first) > 0.05);
            assertEquals(0, roiPixels(first), "contours drawn on a slice they do not belong to");

            // back to a slice with structures; a window preset changes the rendering
            slide(viewer, slices / 2);
            BufferedImage soft = shot(frame);
            assertTrue(roiPixels(soft) > 100);
            String voi = viewer.getAttribute("data-voi");
            browser.click(By.cssSelector("button[data-preset='Lung']"));
            until(() -> "1500/-600".equals(viewer.getAttribute("data-voi")));
            assertNotEquals("1500/-600", voi);
            BufferedImage lung = shot(frame);
            assertFalse(Arrays.equals(pixels(soft), pixels(lung)), "the preset did not change the rendering");

            // the legend hides the structures
            for (WebElement box : viewer.findElements(By.cssSelector(".pacs-legend input.pacs-roi"))) {
                box.click();
            }
            until(() -> roiPixels(shot(frame)) == 0);
            assertEquals(4, viewer.findElements(By.cssSelector(".pacs-legend label")).size());

            // the structure set opens on its CT; a plan is explained, not shown
            browser.open("subjects/study.xhtml?record=" + study.get("record"));
            browser.click(By.xpath("//tr[.//span[text()='" + study.get("struct") + "']]//a[contains(@class,'pacs-view-series')]"));
            WebElement structures = ready();
            assertTrue(structures.findElement(By.cssSelector(".pacs-status")).getText().contains("CT with structures"));
            browser.open("subjects/study.xhtml?record=" + study.get("record"));
            browser.click(By.xpath("//tr[.//span[@class='pacs-modality' and text()='RTPLAN']]//a[contains(@class,'pacs-view-series')]"));
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> "error".equals(
                    d.findElement(By.id("pacs-viewer")).getAttribute("data-state")));
            assertTrue(browser.driver().findElement(By.cssSelector(".pacs-message")).getText()
                    .contains("cannot show RTPLAN"));
        } finally {
            fixture("stop");
        }
    }

    private WebElement ready() {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).until(d -> {
            WebElement v = d.findElement(By.id("pacs-viewer"));
            if ("error".equals(v.getAttribute("data-state"))) {
                throw new AssertionError("viewer error: " + d.findElement(By.cssSelector(".pacs-message")).getText());
            }
            return "ready".equals(v.getAttribute("data-state")) && v.getAttribute("data-voi") != null;
        });
        return browser.driver().findElement(By.id("pacs-viewer"));
    }

    private void slide(WebElement viewer, int slice) {
        ((JavascriptExecutor) browser.driver()).executeScript(
                "const s = arguments[0].querySelector('.pacs-slider'); s.value = arguments[1];"
                        + " s.dispatchEvent(new Event('input'));", viewer, slice);
        until(() -> String.valueOf(slice).equals(viewer.getAttribute("data-slice")));
    }

    private void until(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> condition.getAsBoolean());
    }

    private static BufferedImage shot(WebElement e) {
        try {
            // a frame after the last render: the contour overlay is drawn on the render event
            return ImageIO.read(new ByteArrayInputStream(e.getScreenshotAs(OutputType.BYTES)));
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    private static int[] pixels(BufferedImage i) {
        return i.getRGB(0, 0, i.getWidth(), i.getHeight(), null, 0, i.getWidth());
    }

    /** Share of pixels brighter than near-black. */
    private static double bright(BufferedImage i) {
        int[] p = pixels(i);
        return Arrays.stream(p).filter(c -> ((c >> 16 & 255) + (c >> 8 & 255) + (c & 255)) / 3 > 30).count()
                / (double) p.length;
    }

    /** Pixels of the ROI colour (red): far redder than grey CT pixels can be. */
    private static int roiPixels(BufferedImage i) {
        return (int) Arrays.stream(pixels(i)).filter(c -> (c >> 16 & 255) > 150
                && (c >> 16 & 255) - Math.max(c >> 8 & 255, c & 255) > 100).count();
    }

    private static Map<String, String> fixture(String op) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(FIXTURE + op))
                .timeout(Duration.ofMinutes(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, String> out = new HashMap<>();
        r.body().lines().filter(l -> l.contains("=")).forEach(l -> out.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return out;
    }
}
