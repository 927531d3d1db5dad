package org.rpb.pacs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload jobs' folder follows {@code pacs.jobs.dir} (shared by a cluster's nodes); the spool stays the node's. */
class JobFoldersTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(JobFolders.DIR_PROPERTY);
        System.clearProperty("jboss.server.data.dir");
    }

    @Test
    void uploadFoldersLieInTheSharedJobsDirAndTheSpoolInTheNodesDataDir() {
        System.setProperty("jboss.server.data.dir", dir.resolve("node").toString());
        assertEquals(dir.resolve("node/pacs/upload-jobs/7"), JobFolders.upload(7));
        System.setProperty(JobFolders.DIR_PROPERTY, dir.resolve("shared").toString());
        assertEquals(dir.resolve("shared/upload-jobs/7"), JobFolders.upload(7));
        assertEquals(dir.resolve("node/pacs/staging"), JobFolders.spool());
    }

    @Test
    void aFolderTreeIsMovedWithEveryFile() throws Exception {
        Path from = Files.createDirectories(dir.resolve("session/study/series"));
        Files.writeString(from.resolve("1.dcm"), "one");
        Files.writeString(dir.resolve("session/study/2.dcm"), "two");
        Path to = Files.createDirectories(dir.resolve("jobs/upload-jobs/3")).resolve("in");
        JobFolders.moveTree(dir.resolve("session"), to);
        assertFalse(Files.exists(dir.resolve("session")));
        assertEquals("one", Files.readString(to.resolve("study/series/1.dcm")));
        assertEquals("two", Files.readString(to.resolve("study/2.dcm")));
        assertTrue(Files.isDirectory(to.resolve("study/series")));
    }
}
