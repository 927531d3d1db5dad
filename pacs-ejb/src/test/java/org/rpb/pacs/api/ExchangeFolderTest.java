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
        return folder(study, "DD");
    }

    private ExchangeFolder folder(String study, String site) {
        return new ExchangeFolder(dir.resolve("exchange"), study, site, List.of(dir.resolve("data/pacs")));
    }

    @Test
    void filesOfTheStudysFolderAreAccepted() throws Exception {
        Path base = folder("RTTRIAL").studyFolder();
        assertEquals(dir.resolve("exchange/RTTRIAL/DD").toRealPath(), base);
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
        Path otherSite = Files.writeString(Files.createDirectories(folder("RTTRIAL", "MUC").studyFolder().resolve("in"))
                .resolve("Doe^Max.dcm"), "x");
        Path outside = Files.writeString(dir.resolve("Doe^Jane.dcm"), "x");
        Path raw = Files.writeString(Files.createDirectories(dir.resolve("data/pacs/upload-jobs/7/in")).resolve("r.dcm"), "x");
        Path link = Files.createSymbolicLink(base.resolve("link.dcm"), outside);
        Path linkedFolder = Files.createSymbolicLink(base.resolve("elsewhere"), dir);

        for (Path p : List.of(otherFile, otherSite, outside, raw, link, base.resolve("../../STUDY0/DD/in/Doe^John.dcm"),
                base.resolve("../MUC/in/Doe^Max.dcm"))) {
            DeidentificationFailedException e = assertThrows(DeidentificationFailedException.class,
                    () -> folder("RTTRIAL").input(p.toString(), 1), p.toString());
            assertTrue(e.getMessage().startsWith("Input file 2 ") && e.getMessage().contains("outside the exchange folder"
                    + " of the active study and site"), e.getMessage());
            assertFalse(e.getMessage().contains("Doe"), "no file name in the message: " + e.getMessage());
        }
        // inside the folder: a missing file, a folder, a link to an existing file elsewhere and one to a missing
        // file get the same answer, which so tells nothing about what exists
        Path dangling = Files.createSymbolicLink(base.resolve("dangling.dcm"), dir.resolve("nothing-here.dcm"));
        List<String> texts = new java.util.ArrayList<>();
        for (Path p : List.of(base.resolve("missing.dcm"), base, link, dangling)) {
            texts.add(assertThrows(DeidentificationFailedException.class,
                    () -> folder("RTTRIAL").input(p.toString(), 0), p.toString()).getMessage());
        }
        assertEquals(1, texts.stream().distinct().count(), texts.toString());
        for (Path p : List.of(dir.resolve("out"), other, base, base.resolve("../STUDY0/out"), linkedFolder.resolve("x"))) {
            assertThrows(DeidentificationFailedException.class, () -> folder("RTTRIAL").output(p.toString()),
                    p.toString());
        }
        assertFalse(Files.exists(dir.resolve("out")), "nothing is created outside");
        assertFalse(Files.exists(dir.resolve("x")), "nothing is created through a link");
    }

    @Test
    void anExchangeRootInsideTheModulesWorkingFoldersIsRefused() throws Exception {
        ExchangeFolder misplaced = new ExchangeFolder(dir.resolve("data/pacs/exchange"), "RTTRIAL", "DD",
                List.of(dir.resolve("data/pacs")));
        assertThrows(DeidentificationFailedException.class, misplaced::studyFolder);
        assertThrows(IllegalArgumentException.class, () -> folder("../RTTRIAL"));
        assertThrows(IllegalArgumentException.class, () -> folder("RTTRIAL", ".."));
    }
}
