package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.deident.cli.DeidentTool;
import org.rpb.pacs.deident.scan.LeakHit;
import org.rpb.pacs.deident.scan.LeakScanner;

/** The leak scanner's harder cases (behaviour 32): numbers inside numbers, short names, UTF-8, pixel data. */
class LeakScannerTest {

    @TempDir
    Path tmp;

    private static final String NAME = "LI^WEI";
    private static final String PID = "123456789";
    private static final String BIRTH = "19500315";
    private static final String UTF8_NAME = "MÜLLER^JÖRG";

    private interface Plant {
        void into(DataSet ds) throws Exception;
    }

    private Path file(Plant plant) throws Exception {
        DicomFile f = Fixtures.readFile(Fixtures.pydicom("CT_small.dcm"));
        DataSet ds = f.dataSet();
        // the pydicom file's own identifiers do not matter here: only the planted ones are searched
        plant.into(ds);
        Path p = tmp.resolve("f" + System.nanoTime() + ".dcm");
        DicomWriter.create().write(f, p);
        return p;
    }

    private static List<String> paths(List<LeakHit> hits) {
        return hits.stream().map(LeakHit::path).toList();
    }

    @Test
    void digitIdentifiersAreFoundInsideLongerNumbersButNotInsideUidNumbers() throws Exception {
        LeakScanner s = LeakScanner.of(List.of(PID, BIRTH));
        Path f = file(ds -> {
            ds.setString(Tag.of(0x00181078), VR.DT, BIRTH + "101500");          // birth date at the start of a DT
            ds.setString(Tag.of(0x00101000), VR.LO, "00" + PID);                 // a zero-padded PID
            ds.setString(Tag.of(0x0020000D), VR.UI, "2.25.1" + PID + "0123456789012345678901234567");
        });
        List<String> p = paths(s.scan(f));
        assertTrue(p.contains("(0018,1078)"), p.toString());
        assertTrue(p.contains("(0010,1000)"), p.toString());
        assertTrue(!p.contains("(0020,000D)"), "a 2.25. UID number holds short numbers by chance: " + p);
        // a short digit identifier still has to be a number of its own
        Path g = file(ds -> ds.setString(Tag.of(0x00200011), VR.IS, "45678"));
        assertEquals(List.of(), LeakScanner.of(List.of("4567")).scan(g));
        assertEquals(1, LeakScanner.of(List.of("45678")).scan(g).size());
    }

    @Test
    void shortNameComponentsAreFoundAsWholeWords() throws Exception {
        LeakScanner s = LeakScanner.of(List.of(NAME, "DOE^JOHN"));
        Path f = file(ds -> {
            ds.setString(Tag.of(0x00204000), VR.LT, "seen by Dr Li today");
            ds.setString(Tag.of(0x0008103E), VR.LO, "Doe follow-up");
            ds.setString(Tag.of(0x00081030), VR.LO, "CLINICAL WEIGHT DOES"); // inside words: not a hit
        });
        List<LeakHit> hits = s.scan(f);
        List<String> p = paths(hits);
        assertTrue(p.contains("(0020,4000)"), p.toString());
        assertTrue(p.contains("(0008,103E)"), p.toString());
        assertTrue(!p.contains("(0008,1030)"), p.toString());
    }

    @Test
    void utf8NamesInPrivateAndUnknownValuesAreFound() throws Exception {
        LeakScanner s = LeakScanner.of(List.of(UTF8_NAME));
        Path f = file(ds -> {
            ds.setString(Tag.of(0x00290010), VR.LO, "ACME");
            ds.set(DataElement.of(Tag.of(0x00291001), VR.UN, ("von müller " + "X").getBytes(StandardCharsets.UTF_8)));
            ds.set(DataElement.of(Tag.of(0x00291002), VR.OB, "jörg!".getBytes(StandardCharsets.UTF_8)));
        });
        List<LeakHit> hits = s.scan(f);
        assertTrue(paths(hits).contains("(0029,1001)"), hits.toString());
        assertTrue(paths(hits).contains("(0029,1002)"), hits.toString());
        assertTrue(hits.stream().anyMatch(h -> h.toString().contains("utf8")), hits.toString());
    }

    @Test
    void pixelDataIsSearchedWhenAskedForAlsoFromTheCommandLine() throws Exception {
        Path f = file(ds -> {
            byte[] px = RealFilesTest.pixels(ds);
            byte[] pid = ("PAT" + PID).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(pid, 0, px, 1000, pid.length);
            ds.set(DataElement.of(Tag.of(0x7FE00010), VR.OW, px));
        });
        List<String> ids = List.of("PAT" + PID);
        assertEquals(List.of(), LeakScanner.of(ids).scan(f));
        assertEquals(List.of("(7FE0,0010)"), paths(LeakScanner.of(ids, true).scan(f)));
        Path phi = tmp.resolve("phi.txt");
        Files.writeString(phi, "PAT" + PID + "\n");
        assertEquals(0, cli("scan", "--phi", phi.toString(), f.toString()));
        assertEquals(1, cli("scan", "--phi", phi.toString(), "--include-pixel-data", f.toString()));
    }

    private static int cli(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        return new DeidentTool(new PrintStream(sink, true, StandardCharsets.UTF_8),
                new PrintStream(sink, true, StandardCharsets.UTF_8)).run(args);
    }
}
