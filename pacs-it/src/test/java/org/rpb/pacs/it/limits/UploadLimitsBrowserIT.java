package org.rpb.pacs.it.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.awaitility.Awaitility;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.rpb.pacs.core.fuzz.DamagedFiles;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.ModuleInChromium;
import org.rpb.pacs.it.support.ServerProperty;
import org.rpb.pacs.it.support.UploadSteps;

/**
 * Hostile uploads through the upload page in Chromium (issue 15), each followed by the same checks: the refusal is
 * on the page with its reason, nothing of what was refused stays in the server's upload workspace, the server's heap
 * stays bounded (read through its management model: heap used after a GC barely grows, the old generation's peak
 * stays well below the 1 GiB maximum) and the server keeps serving the same user.
 * <ul>
 * <li>ZIP bombs: four archives of zeros, each under the ratio check's 64 MiB floor, together past it at about 1000
 * times their size: the third and fourth are refused as ZIP bombs while they unpack.</li>
 * <li>The total cap of an upload ({@code pacs.upload.max-bytes}, set to 8 MiB here): three archives of barely
 * compressible data that unpack to 12 MiB together.</li>
 * <li>A file whose header claims 60000 x 60000 pixels (1 MiB of them present) is shown with a placeholder
 * thumbnail, never rendered from Rows x Columns; a deflated data set that inflates 1000 times (a deflate bomb in
 * DICOM) is left out with the codec's reason.</li>
 * </ul>
 */
class UploadLimitsBrowserIT extends ModuleInChromium {
    private static final long MIB = 1024L * 1024;
    /** Heap used after a GC may grow by this much over an upload (the session's contents, caches). */
    private static final long RETAINED_BOUND = 64 * MIB;
    /** The old generation's peak during an upload stays below this (the server runs with -Xmx1g). */
    private static final long OLD_GEN_PEAK_BOUND = 768 * MIB;

    @ArquillianResource
    private ManagementClient management;

    /** The files in the server's upload area before the test (other sessions' workspaces). */
    private Set<Path> filesBefore;

    @org.junit.jupiter.api.BeforeEach
    void rememberTheUploadArea() throws IOException {
        filesBefore = Set.copyOf(files(serverTemp().resolve("pacs-upload")));
    }

    @Test
    void zipBombsAcrossArchivesAreRefusedOnTheUploadPageAndTheServerKeepsServing(@TempDir Path dir) throws Exception {
                List<Path> bombs = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            bombs.add(zip(dir.resolve("bomb" + i + ".zip"), 24 * MIB, null));
        }
        long compressed = 0;
        for (Path b : bombs) {
            compressed += Files.size(b);
        }
        assertTrue(compressed < 4 * 24 * MIB / 500, "about 1000 times: " + compressed + " bytes");
        Heap before = heap();

        openUploadPage();
        Set<String> refused = uploadEach(bombs, 24 * MIB, "ZIP bomb");
        // two unpack (48 MiB, under the floor); the third passes 64 MiB at 1000 times and is refused, so is the fourth
        assertEquals(Set.of("bomb3.zip", "bomb4.zip"), names(bombs, refused), refused.toString());
        for (String message : refused) {
            assertTrue(message.contains("200 times"), message);
        }
        browser.screenshot("upload-zip-bomb-refused");
        assertRefusedArchivesLeftNothing(bombs, refused);
        assertHeapBounded(before);
        startAgainAndCheckTheWorkspaceIsEmpty();
        assertServing();
    }

    @Test
    void archivesTogetherLargerThanTheUploadCapAreRefusedOnTheUploadPage(@TempDir Path dir) throws Exception {
                List<Path> archives = new ArrayList<>();
        Random rnd = new Random(15);
        for (int i = 1; i <= 3; i++) {
            archives.add(zip(dir.resolve("part" + i + ".zip"), 4 * MIB, rnd));
        }
        Heap before = heap();
        ServerProperty.set(management, "pacs.upload.max-bytes", Long.toString(8 * MIB));
        try {
            openUploadPage();
        } finally {
            // the upload's workspace took its limits when the page opened
            ServerProperty.remove(management, "pacs.upload.max-bytes");
        }
        Set<String> refused = uploadEach(archives, 4 * MIB, "larger than its limit of 8 MiB");
        assertEquals(Set.of("part3.zip"), names(archives, refused), "the third archive passes the cap: " + refused);
        browser.screenshot("upload-cap-refused");
        assertRefusedArchivesLeftNothing(archives, refused);
        assertHeapBounded(before);
        startAgainAndCheckTheWorkspaceIsEmpty();
        assertServing();
    }

    @Test
    void aHeaderOf60000By60000PixelsGetsAPlaceholderAndADeflateBombIsLeftOut(@TempDir Path dir) throws Exception {
                Path huge = dir.resolve("huge-60000.dcm");
        Files.write(huge, DamagedFiles.hugeImage(60000, 60000, 8, (int) MIB));
        Path bomb = dir.resolve("deflate-bomb.dcm");
        Files.write(bomb, DamagedFiles.deflateBomb(DamagedFiles.DEFLATE_BOMB_BYTES, false));
        Heap before = heap();

        openUploadPage();
        new UploadSteps(browser).send(huge, bomb);
        // both arrive (neither is over a cap); what they hold shows when inspected
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> {
                    browser.click(By.id("uploadForm:inspect"));
                    return browser.driver().findElement(By.id("ignored")).getText().contains("deflate-bomb.dcm")
                            && browser.driver().findElement(By.id("series")).getText().contains("CT");
                });
        // the last inspection's response may still re-render the tables: read them again until they hold still
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> {
                    String why = browser.driver().findElement(By.id("ignored")).findElements(By.cssSelector("tr"))
                            .stream().map(WebElement::getText).filter(t -> t.contains("deflate-bomb.dcm"))
                            .findFirst().orElseThrow();
                    assertTrue(why.contains("deflate bomb") && why.contains("200 times"), why);
                    assertFalse(why.contains("Bomb^Bert") || why.contains("BOMB-01"), "no patient data: " + why);
                    WebElement row = browser.driver().findElements(By.cssSelector("[id='series'] tbody tr")).stream()
                            .filter(tr -> tr.getText().contains("CT")).findFirst().orElseThrow();
                    assertEquals("1", row.findElement(By.cssSelector(".pacs-count")).getText());
                    WebElement thumbnail = row.findElement(By.cssSelector("img.pacs-thumbnail"));
                    Object width = ((JavascriptExecutor) browser.driver()).executeScript(
                            "return arguments[0].complete ? arguments[0].naturalWidth : -1;", thumbnail);
                    assertTrue(((Number) width).intValue() > 0 && ((Number) width).intValue() <= 256,
                            "a placeholder thumbnail of thumbnail size, not a 60000-pixel image: " + width);
                });
        browser.screenshot("upload-huge-header-placeholder");
        assertHeapBounded(before);
        startAgainAndCheckTheWorkspaceIsEmpty();
        assertServing();
    }

    // ------------------------------------------------------------------------------------------------------

    private void openUploadPage() {
        UploadSteps steps = new UploadSteps(browser);
        steps.loginInto(DemoUsers.UPLOADER, "RTTRIAL · DD", "RT-TRIAL-01");
        steps.openUpload("RT-DD-003", "Follow-up MR");
    }

    /**
     * Sends the archives one after the other, each until it is refused on the page (the page's list of refused
     * files names it with {@code reason}) or unpacked whole in the server's workspace ({@code bytes} in its folder).
     *
     * @return the refusal messages
     */
    private Set<String> uploadEach(List<Path> archives, long bytes, String reason) {
        Set<String> refusals = new TreeSet<>();
        UploadSteps steps = new UploadSteps(browser);
        for (Path a : archives) {
            String name = a.getFileName().toString();
            steps.send(a);
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        steps.refusals().stream().filter(t -> t.contains(reason) && t.contains(name))
                                .forEach(refusals::add);
                        return refusals.stream().anyMatch(m -> m.contains(name)) || unpacked(folderOf(a)) == bytes;
                    });
        }
        return refusals;
    }

    /** @return the names of the archives the refusals name */
    private static Set<String> names(List<Path> archives, Set<String> refusals) {
        return archives.stream().map(a -> a.getFileName().toString())
                .filter(n -> refusals.stream().anyMatch(m -> m.contains(n))).collect(Collectors.toSet());
    }

    /** The folder an archive unpacks into in the server's workspace: its name with "_zip" for ".zip". */
    private static String folderOf(Path archive) {
        String name = archive.getFileName().toString();
        return name.substring(0, name.length() - 4) + "_zip";
    }

    /** @return the bytes in the workspace folders named {@code folder} */
    private long unpacked(String folder) throws IOException {
        return files(serverTemp().resolve("pacs-upload")).stream()
                .filter(f -> f.toString().contains("/" + folder + "/")).mapToLong(f -> f.toFile().length()).sum();
    }

    /** No file or folder of a refused archive is left in the server's upload workspace. */
    private void assertRefusedArchivesLeftNothing(List<Path> files, Set<String> refusals) throws IOException {
        Path workspaces = serverTemp().resolve("pacs-upload");
        List<String> left;
        try (Stream<Path> s = Files.isDirectory(workspaces) ? Files.walk(workspaces) : Stream.empty()) {
            left = s.map(p -> workspaces.relativize(p).toString()).toList();
        }
        int checked = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (refusals.stream().anyMatch(m -> m.contains(name))) {
                String folder = folderOf(f);
                assertTrue(left.stream().noneMatch(p -> p.contains(folder)), folder + " left behind: " + left);
                checked++;
            }
        }
        assertTrue(checked > 0, "refusals name the archives: " + refusals);
    }

    /**
     * "Start again" drops the upload: no file that arrived during this test stays in the server's upload area
     * (other sessions' workspaces, from earlier tests against the same server, are not this test's to judge).
     */
    private void startAgainAndCheckTheWorkspaceIsEmpty() throws IOException {
        browser.click(By.id("uploadForm:restart"));
        Path workspaces = serverTemp().resolve("pacs-upload");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> newFiles(workspaces).isEmpty());
        assertEquals(List.of(), newFiles(workspaces), "no uploaded file stays on disk");
    }

    private List<Path> newFiles(Path root) throws IOException {
        return files(root).stream().filter(f -> !filesBefore.contains(f)).toList();
    }

    private void assertServing() {
        browser.open("subjects/index.xhtml");
        browser.waitFor(By.id("subjectsForm:subjects"));
    }

    private Path serverTemp() {
        return Path.of(System.getProperty("pacs.it.wildfly.home", "../pacs-server/target/wildfly"))
                .resolve("standalone/tmp");
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * A ZIP of two entries (a folder and a file) unpacking to {@code bytes}: zeros, or bytes drawn from
     * {@code rnd} that deflate hardly at all.
     */
    private static Path zip(Path target, long bytes, Random rnd) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            zip.putNextEntry(new ZipEntry("scans/"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("scans/CT0001.dcm"));
            byte[] chunk = new byte[(int) MIB];
            for (long done = 0; done < bytes; done += chunk.length) {
                if (rnd != null) {
                    rnd.nextBytes(chunk);
                }
                zip.write(chunk, 0, (int) Math.min(chunk.length, bytes - done));
            }
            zip.closeEntry();
        }
        return target;
    }

    // ------------------------------------------------------------------------------------------------------
    // the server's heap, through its management model (platform MBeans)

    /** Heap used after a full GC, and the old generation's peaks reset. */
    private record Heap(long usedAfterGc, long max) {
    }

    private Heap heap() throws IOException {
        execute(memoryOp("gc"));
        ModelNode usage = execute(readAttribute(memoryAddress(), "heap-memory-usage"));
        for (String pool : oldGenerationPools()) {
            execute(poolOp(pool, "reset-peak-usage"));
        }
        return new Heap(usage.get("used").asLong(), usage.get("max").asLong());
    }

    private void assertHeapBounded(Heap before) throws IOException {
        for (String pool : oldGenerationPools()) {
            long peak = execute(readAttribute(poolAddress(pool), "peak-usage")).get("used").asLong();
            assertTrue(peak < OLD_GEN_PEAK_BOUND, pool + " peaked at " + peak / MIB + " MiB of " + before.max() / MIB);
        }
        execute(memoryOp("gc"));
        long after = execute(readAttribute(memoryAddress(), "heap-memory-usage")).get("used").asLong();
        assertTrue(after - before.usedAfterGc() < RETAINED_BOUND, "heap used after GC grew from "
                + before.usedAfterGc() / MIB + " MiB to " + after / MIB + " MiB");
    }

    /** The heap pools that hold long-lived and humongous objects (G1 Old Gen, Tenured Gen, ...). */
    private List<String> oldGenerationPools() throws IOException {
        ModelNode op = new ModelNode();
        op.get("operation").set("read-children-names");
        op.get("address").add("core-service", "platform-mbean");
        op.get("address").add("type", "memory-pool");
        op.get("child-type").set("name");
        List<String> pools = new ArrayList<>();
        for (ModelNode n : execute(op).asList()) {
            String name = n.asString();
            if (name.contains("Old") || name.contains("Tenured")) {
                pools.add(name);
            }
        }
        assertTrue(!pools.isEmpty(), "the server's old generation pool is found");
        return pools;
    }

    private static ModelNode memoryAddress() {
        ModelNode address = new ModelNode();
        address.add("core-service", "platform-mbean");
        address.add("type", "memory");
        return address;
    }

    private static ModelNode poolAddress(String pool) {
        ModelNode address = new ModelNode();
        address.add("core-service", "platform-mbean");
        address.add("type", "memory-pool");
        address.add("name", pool);
        return address;
    }

    private static ModelNode memoryOp(String operation) {
        ModelNode op = new ModelNode();
        op.get("operation").set(operation);
        op.get("address").set(memoryAddress());
        return op;
    }

    private static ModelNode poolOp(String pool, String operation) {
        ModelNode op = new ModelNode();
        op.get("operation").set(operation);
        op.get("address").set(poolAddress(pool));
        return op;
    }

    private static ModelNode readAttribute(ModelNode address, String name) {
        ModelNode op = new ModelNode();
        op.get("operation").set("read-attribute");
        op.get("address").set(address);
        op.get("name").set(name);
        return op;
    }

    private ModelNode execute(ModelNode op) throws IOException {
        ModelNode result = management.getControllerClient().execute(op);
        assertEquals("success", result.get("outcome").asString(), op + " -> " + result);
        return result.get("result");
    }
}
