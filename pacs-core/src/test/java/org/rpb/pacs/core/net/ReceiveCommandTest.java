package org.rpb.pacs.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.core.net.testing.TestData;

/** {@code receive} of the command-line tool in its own JVM, fed by dcmtk's storescu, stopped with SIGTERM. */
@Tag("external")
class ReceiveCommandTest {
    @TempDir
    Path tmp;

    @Test
    void receivesUntilStopped() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int port = OrthancServer.freePort();
        Path dir = tmp.resolve("in");
        Path log = tmp.resolve("receive.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                "org.rpb.pacs.core.cli.PacsDicomTool", "receive", "--aet", "CLIRECV", "--port", Integer.toString(port),
                "--dir", dir.toString(), "--allow", "STORESCU").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            DcmtkReceiverTest.waitForPort(port);
            TestData.Run ok = TestData.run(30, TestData.dcmtk("storescu"), "-aet", "STORESCU", "-aec", "CLIRECV", "127.0.0.1",
                    Integer.toString(port), TestData.pydicom("CT_small.dcm").toString());
            assertEquals(0, ok.exit(), ok.output());
            TestData.Run refused = TestData.run(30, TestData.dcmtk("storescu"), "-aet", "OTHER", "-aec", "CLIRECV", "127.0.0.1",
                    Integer.toString(port), TestData.pydicom("MR_small.dcm").toString());
            assertNotEquals(0, refused.exit(), refused.output());
            String uid = InstanceCheck.check(TestData.pydicom("CT_small.dcm")).sopInstanceUid();
            assertTrue(Files.exists(dir.resolve(uid + ".dcm")));
            assertEquals(1, TestData.dicomFiles(dir).size());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "receive stops on SIGTERM");
        }
        String out = Files.readString(log);
        assertTrue(out.contains("receiving as CLIRECV"), out);
        assertTrue(out.contains("received ") && out.contains(" from STORESCU"), out);
        assertTrue(out.contains("refused OTHER"), out);
    }
}
