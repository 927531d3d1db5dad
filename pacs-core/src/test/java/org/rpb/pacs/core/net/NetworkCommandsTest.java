package org.rpb.pacs.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.cli.PacsDicomTool;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;
import org.rpb.pacs.core.net.testing.TestReceiver;

/** The echo, find, store and move commands of pacs-dicom.jar against Orthanc, and their exit statuses. */
@Tag("external")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkCommandsTest {
    @TempDir
    static Path tmp;
    OrthancServer orthanc;
    TestReceiver receiver;
    String node;

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PacsDicomTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    void start() throws Exception {
        receiver = TestReceiver.start(ReceiverConfig.builder().aeTitle("CLIRECV").spoolFolder(tmp.resolve("spool")));
        orthanc = OrthancServer.builder().workDir(tmp.resolve("orthanc"))
                .modality("CLIRECV", "127.0.0.1", receiver.port()).start();
        orthanc.upload(TestData.pydicom("CT_small.dcm"));
        node = "ORTHANC@127.0.0.1:" + orthanc.dicomPort();
    }

    @AfterAll
    void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void echo() throws Exception {
        Result ok = run("echo", "--calling", "ADMIN", node);
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().contains("C-ECHO " + node + ": success"), ok.out());
        int port = OrthancServer.freePort();
        Result down = run("echo", "DOWN@127.0.0.1:" + port);
        assertEquals(1, down.status());
        assertTrue(down.err().contains("ECHO with DOWN@127.0.0.1:" + port) && down.err().contains("cannot connect"), down.err());
        assertEquals(2, run("echo").status());
        assertEquals(2, run("echo", "NOT_AN_ADDRESS").status());
    }

    @Test
    void findPrintsOneLinePerMatchWithKeywords() throws Exception {
        InstanceCheck.Header ct = InstanceCheck.check(TestData.pydicom("CT_small.dcm"));
        Result r = run("find", "--level", "SERIES", "-k", "StudyInstanceUID=" + ct.studyInstanceUid(), "-k", "SeriesDescription", node);
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(1, lines.length, r.out());
        assertTrue(lines[0].contains("SeriesInstanceUID=" + ct.seriesInstanceUid()) && lines[0].contains("Modality=CT"), lines[0]);
        assertEquals(2, run("find", "-k", "NoSuchKeyword=1", node).status());
        assertEquals(2, run("find", "--level", "VOLUME", node).status());
    }

    @Test
    void storeAndMove() throws Exception {
        Result stored = run("store", node, TestData.pydicom("MR_small.dcm").toString());
        assertEquals(0, stored.status(), stored.err());
        assertTrue(stored.out().contains("stored 1 of 1"), stored.out());

        InstanceCheck.Header mr = InstanceCheck.check(TestData.pydicom("MR_small.dcm"));
        Result moved = run("move", "--dest", "CLIRECV", "-k", "StudyInstanceUID=" + mr.studyInstanceUid(), node);
        assertEquals(0, moved.status(), moved.err());
        Path arrived = tmp.resolve("spool").resolve(mr.sopInstanceUid() + ".dcm");
        await("moved instance in the receiver's spool folder").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> Files.exists(arrived));

        Result unknown = run("move", "--dest", "NOWHERE", "-k", "StudyInstanceUID=" + mr.studyInstanceUid(), node);
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("MOVE with " + node) && unknown.err().contains("status 0x"), unknown.err());
        Result noDest = run("move", "-k", "StudyInstanceUID=1.2.3", node);
        assertEquals(2, noDest.status(), "--dest is required");
        assertTrue(noDest.err().contains("--dest"), noDest.err());
    }

    @Test
    void getIntoAFolder() throws Exception {
        assertEquals(0, run("store", node, TestData.pydicom("CT_small.dcm").toString()).status());
        InstanceCheck.Header ct = InstanceCheck.check(TestData.pydicom("CT_small.dcm"));
        Path dir = tmp.resolve("cli-get");
        Result got = run("get", "--dir", dir.toString(), "-k", "StudyInstanceUID=" + ct.studyInstanceUid(), node);
        assertEquals(0, got.status(), got.err());
        assertTrue(got.out().contains("completed 1") && got.out().contains("1 files in"), got.out());
        assertEquals(ct.sopInstanceUid(), InstanceCheck.check(dir.resolve(ct.sopInstanceUid() + ".dcm")).sopInstanceUid());
        Result noDir = run("get", "-k", "StudyInstanceUID=1.2.3", node);
        assertEquals(2, noDir.status(), "--dir is required");
        assertTrue(noDir.err().contains("--dir"), noDir.err());
    }

    @Test
    void storeOfAMissingFileIsBadUsage() {
        assertEquals(2, run("store", node, tmp.resolve("missing.dcm").toString()).status());
    }
}
