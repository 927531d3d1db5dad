package org.rpb.pacs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipExtractorTest {

    private static int extract(byte[] zip, Path dir, UploadLimits limits) throws IOException {
        return ZipExtractor.extract(new ByteArrayInputStream(zip), dir, new UploadBudget(limits).tab());
    }

    private static int extract(byte[] zip, Path dir) throws IOException {
        return extract(zip, dir, new UploadLimits(1_000_000, 100, 200));
    }

    @Test
    void unpacksFilesAndFolders(@TempDir Path dir) throws IOException {
        byte[] zip = zip("study/CT1.dcm", new byte[1000], "study/sub/CT2.dcm", new byte[10]);
        assertEquals(2, extract(zip, dir));
        assertEquals(1000, Files.size(dir.resolve("study/CT1.dcm")));
        assertTrue(Files.exists(dir.resolve("study/sub/CT2.dcm")));
    }

    @Test
    void refusesEntriesThatLeaveTheFolder(@TempDir Path dir) throws IOException {
        byte[] zip = zip("../escaped.dcm", new byte[10]);
        IOException e = assertThrows(IOException.class, () -> extract(zip, dir));
        assertTrue(e.getMessage().contains("outside the archive"), e.getMessage());
        assertFalse(Files.exists(dir.getParent().resolve("escaped.dcm")));
    }

    @Test
    void refusesArchivesBeyondTheLimits(@TempDir Path dir) throws IOException {
        byte[] big = zip("a.dcm", new byte[2_000_000]);
        assertTrue(assertThrows(IOException.class, () -> extract(big, dir))
                .getMessage().contains("larger than its limit of 1,000,000 bytes"));
        byte[] empty = zip();
        assertTrue(assertThrows(IOException.class, () -> extract(empty, dir))
                .getMessage().contains("no file"));
        byte[] garbage = "this is not a zip".getBytes();
        assertThrows(IOException.class, () -> extract(garbage, dir));
    }

    @Test
    void directoriesCountAsEntries(@TempDir Path dir) throws IOException {
        byte[] folders = zip("a/", new byte[0], "b/", new byte[0], "c/", new byte[0], "x.dcm", new byte[1]);
        UploadLimitException e = assertThrows(UploadLimitException.class,
                () -> extract(folders, dir, new UploadLimits(1_000_000, 3, 200)));
        assertTrue(e.getMessage().contains("more than 3 files and folders"), e.getMessage());
        assertEquals(1, extract(folders, dir.resolve("ok"), new UploadLimits(1_000_000, 4, 200)));
    }

    @Test
    void aDeflateBombStopsAtTheRatioFloor(@TempDir Path dir) throws IOException {
        // 200 MiB of zeros deflate to about 200 KiB: a ratio of about 1000
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("bomb.dcm"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        UploadLimitException e = assertThrows(UploadLimitException.class,
                () -> extract(bytes.toByteArray(), dir, new UploadLimits(1L << 32, 100, 200)));
        assertTrue(e.getMessage().contains("ZIP bomb"), e.getMessage());
        long written;
        try (var files = Files.walk(dir)) {
            written = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(written <= UploadLimits.RATIO_FLOOR_BYTES + (1 << 20), "stopped near the floor: " + written);
    }

    @Test
    void theBudgetIsSharedByTheArchivesOfOneUpload(@TempDir Path dir) throws IOException {
        UploadBudget budget = new UploadBudget(new UploadLimits(1500, 100, 200));
        byte[] zip = zip("a.dcm", new byte[1000]);
        assertEquals(1, ZipExtractor.extract(new ByteArrayInputStream(zip), dir.resolve("1"), budget.tab()));
        UploadBudget.Tab second = budget.tab();
        assertThrows(UploadLimitException.class,
                () -> ZipExtractor.extract(new ByteArrayInputStream(zip), dir.resolve("2"), second));
        second.refund();
        // what the refused archive used is given back: a smaller one still fits
        assertEquals(1, ZipExtractor.extract(new ByteArrayInputStream(zip("b.dcm", new byte[400])), dir.resolve("3"),
                budget.tab()));
    }

    private static byte[] zip(Object... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry((String) namesAndContents[i]));
                out.write((byte[]) namesAndContents[i + 1]);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
