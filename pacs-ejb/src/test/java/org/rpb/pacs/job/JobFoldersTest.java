package org.rpb.pacs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
