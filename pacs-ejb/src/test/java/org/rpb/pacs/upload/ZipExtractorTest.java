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

    private final ZipExtractor extractor = new ZipExtractor(1_000_000, 100);

    @Test
    void unpacksFilesAndFolders(@TempDir Path dir) throws IOException {
        byte[] zip = zip("study/CT1.dcm", new byte[1000], "study/sub/CT2.dcm", new byte[10]);
        assertEquals(2, extractor.extract(new ByteArrayInputStream(zip), dir));
        assertEquals(1000, Files.size(dir.resolve("study/CT1.dcm")));
        assertTrue(Files.exists(dir.resolve("study/sub/CT2.dcm")));
    }

    @Test
    void refusesEntriesThatLeaveTheFolder(@TempDir Path dir) throws IOException {
        byte[] zip = zip("../escaped.dcm", new byte[10]);
        IOException e = assertThrows(IOException.class, () -> extractor.extract(new ByteArrayInputStream(zip), dir));
        assertTrue(e.getMessage().contains("outside the archive"), e.getMessage());
        assertFalse(Files.exists(dir.getParent().resolve("escaped.dcm")));
    }

    @Test
    void refusesArchivesBeyondTheLimits(@TempDir Path dir) throws IOException {
        byte[] big = zip("a.dcm", new byte[2_000_000]);
        assertTrue(assertThrows(IOException.class, () -> extractor.extract(new ByteArrayInputStream(big), dir))
                .getMessage().contains("more than 1000000 bytes"));
        byte[] empty = zip();
        assertTrue(assertThrows(IOException.class, () -> extractor.extract(new ByteArrayInputStream(empty), dir))
                .getMessage().contains("no file"));
        byte[] garbage = "this is not a zip".getBytes();
        assertThrows(IOException.class, () -> extractor.extract(new ByteArrayInputStream(garbage), dir));
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
