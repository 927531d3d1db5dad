package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README example runs as written. */
class ExampleMainTest {

    @TempDir
    Path tmp;

    @Test
    void readmeExampleRuns() throws Exception {
        Path key = tmp.resolve("k");
        Files.write(key, Fixtures.KEY);
        Path rules = tmp.resolve("rules.json");
        Files.writeString(rules, "{\"rules\": [{\"path\": \"StudyID\", \"action\": \"set\", \"value\": \"${studyCode}\"}]}");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            ExampleMain.main(new String[] {key.toString(), rules.toString(), tmp.resolve("out").toString(),
                Fixtures.pydicom("CT_small.dcm").toString()});
        } finally {
            System.setOut(old);
        }
        assertTrue(buf.toString().contains("\"path\":\"(0020,0010)\",\"action\":\"SET\""), buf.toString());
        assertEquals(1, Fixtures.dicomFiles(tmp.resolve("out")).size());
    }
}
