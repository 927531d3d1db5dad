package org.rpb.pacs.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.api.internal.ExchangeFolder;

/** The de-identification API's path confinement on a real file system. */
class ExchangeFolderTest {

    @TempDir
    Path dir;

    private ExchangeFolder folder(String study) {
        return new ExchangeFolder(dir.resolve("exchange"), study, List.of(dir.resolve("data/pacs")));
    }

    @Test
    void filesOfTheStudysFolderAreAccepted() throws Exception {
        Path base = folder("RTTRIAL").studyFolder();
        assertEquals(dir.resolve("exchange/RTTRIAL").toRealPath(), base);
        Path in = Files.writeString(Files.createDirectories(base.resolve("in")).resolve("a.dcm"), "x");
        assertEquals(in.toRealPath(), folder("RTTRIAL").input(in.toString(), 0));
        Path out = folder("RTTRIAL").output(base.resolve("out/run1").toString());
        assertTrue(Files.isDirectory(out), "the output folder is created");
    }

    @Test
    void everythingElseIsRefusedWithoutNamingThePath() throws Exception {
        Path base = folder("RTTRIAL").studyFolder();
        Path other = Files.createDirectories(folder("STUDY0").studyFolder().resolve("in"));
        Path otherFile = Files.writeString(other.resolve("Doe^John.dcm"), "x");
        Path outside = Files.writeString(dir.resolve("Doe^Jane.dcm"), "x");
        Path raw = Files.writeString(Files.createDirectories(dir.resolve("data/pacs/upload-jobs/7/in")).resolve("r.dcm"), "x");
        Path link = Files.createSymbolicLink(base.resolve("link.dcm"), outside);
        Path linkedFolder = Files.createSymbolicLink(base.resolve("elsewhere"), dir);

        for (Path p : List.of(otherFile, outside, raw, link, base.resolve("../STUDY0/in/Doe^John.dcm"))) {
            DeidentificationFailedException e = assertThrows(DeidentificationFailedException.class,
                    () -> folder("RTTRIAL").input(p.toString(), 1), p.toString());
            assertTrue(e.getMessage().startsWith("Input file 2 lies outside the exchange folder"), e.getMessage());
            assertFalse(e.getMessage().contains("Doe"), "no file name in the message: " + e.getMessage());
        }
        assertThrows(DeidentificationFailedException.class,
                () -> folder("RTTRIAL").input(base.resolve("missing.dcm").toString(), 0));
        assertThrows(DeidentificationFailedException.class, () -> folder("RTTRIAL").input(base.toString(), 0),
                "a folder is no input file");
        for (Path p : List.of(dir.resolve("out"), other, base, base.resolve("../STUDY0/out"), linkedFolder.resolve("x"))) {
            assertThrows(DeidentificationFailedException.class, () -> folder("RTTRIAL").output(p.toString()),
                    p.toString());
        }
        assertFalse(Files.exists(dir.resolve("out")), "nothing is created outside");
        assertFalse(Files.exists(dir.resolve("x")), "nothing is created through a link");
    }

    @Test
    void anExchangeRootInsideTheModulesWorkingFoldersIsRefused() throws Exception {
        ExchangeFolder misplaced = new ExchangeFolder(dir.resolve("data/pacs/exchange"), "RTTRIAL",
                List.of(dir.resolve("data/pacs")));
        assertThrows(DeidentificationFailedException.class, misplaced::studyFolder);
        assertThrows(IllegalArgumentException.class, () -> folder("../RTTRIAL"));
    }
}
