package org.rpb.pacs.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Exit statuses and output of the command-line tool. */
@Tag("external")
class PacsDicomToolTest {

    private static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    private static final class Run {
        final int status;
        final String out;
        final String err;

        Run(String... args) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            status = PacsDicomTool.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                    new PrintStream(e, true, StandardCharsets.UTF_8));
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void dumpPrintsNestingLengthsAndValues() {
        Run r = new Run("dump", DATA.resolve("rtplan.dcm").toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("# Used TransferSyntax: Implicit VR Little Endian"), r.out);
        assertTrue(r.out.contains("(300a,00b0) SQ (Sequence with explicit length #=1)"), r.out);
        assertTrue(r.out.matches("(?s).*\\(300a,00b0\\) SQ \\(Sequence with explicit length #=1\\) +# 976, 1 BeamSequence.*"), r.out);
        assertTrue(r.out.contains("    (300a,00b2) SH [unit001]"), r.out);
        assertTrue(r.out.matches("(?s).*\\(0008,0016\\) UI \\[1\\.2\\.840\\.10008\\.5\\.1\\.4\\.1\\.1\\.481\\.5\\] +#  30, 1 SOPClassUID.*"),
                r.out);
        Run px = new Run("dump", DATA.resolve("JPEG2000.dcm").toString());
        assertEquals(0, px.status);
        assertTrue(px.out.contains("(7fe0,0010) OB (PixelSequence #=2)"), px.out);
    }

    @Test
    void copyAndExitStatuses(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out.dcm");
        Run ok = new Run("copy", DATA.resolve("MR_small.dcm").toString(), out.toString());
        assertEquals(0, ok.status, ok.err);
        assertEquals(-1, Files.mismatch(DATA.resolve("MR_small.dcm"), out));

        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a DICOM file at all\n");
        Run bad = new Run("dump", text.toString());
        assertEquals(1, bad.status);
        assertTrue(bad.err.contains("not a DICOM file") && bad.err.contains(text.toString()), bad.err);

        Run truncated = new Run("copy", DATA.resolve("MR_truncated.dcm").toString(), out.toString());
        assertEquals(1, truncated.status);
        assertTrue(truncated.err.contains("(7FE0,0010)") && truncated.err.contains("offset"), truncated.err);

        Run missing = new Run("dump", tmp.resolve("missing.dcm").toString());
        assertEquals(1, missing.status);
        assertTrue(missing.err.contains("missing.dcm"), missing.err);

        assertEquals(2, new Run().status);
        assertEquals(2, new Run("frobnicate").status);
        assertEquals(2, new Run("copy", "only-one-argument").status);
        assertEquals(2, new Run("dump").status);
        Run help = new Run("--help");
        assertEquals(0, help.status);
        // picocli's generated help: the command list, and each command's synopsis
        assertTrue(help.out.contains("Usage: java -jar pacs-dicom.jar") && help.out.contains("  dump ")
                && help.out.contains("  copy ") && help.out.contains("  store "), help.out);
        assertTrue(new Run("dump", "--help").out.matches("(?s)Usage: java -jar pacs-dicom.jar dump [^\n]*FILE\n.*"));
        assertTrue(new Run("help", "copy").out.matches("(?s)Usage: java -jar pacs-dicom.jar copy [^\n]*IN OUT\n.*"));
        assertTrue(new Run("find", "--help").out.contains("-k=Keyword[=Value]"));
    }

    /**
     * Private elements of creators in the shipped private dictionary are named; in an implicit VR
     * file (where the reader sees them as UN) the dictionary's VR also makes the value readable, as
     * dcmdump shows it for the explicit VR original.
     */
    @Test
    void dumpNamesPrivateElementsOfKnownCreators(@TempDir Path tmp) throws Exception {
        Run r = new Run("dump", DATA.resolve("CT_small.dcm").toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.matches("(?s).*\\(0019,1002\\) SL 912 +#   4, 1 Number Of Cells In Detector\n.*"), r.out);
        assertTrue(r.out.matches("(?s).*\\(0019,1004\\) DS \\[1\\.016600\\] +#   8, 1 Cell Spacing\n.*"), r.out);
        assertTrue(r.out.contains("PrivateCreator"), "creators keep their keyword");

        Path implicit = tmp.resolve("ct-implicit.dcm");
        Process p = new ProcessBuilder("dcmconv", "+ti", DATA.resolve("CT_small.dcm").toString(), implicit.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        Run ri = new Run("dump", implicit.toString());
        assertEquals(0, ri.status, ri.err);
        assertTrue(ri.out.contains("# Used TransferSyntax: Implicit VR Little Endian"), ri.out);
        assertTrue(ri.out.matches("(?s).*\\(0019,1002\\) SL 912 +#   4, 1 Number Of Cells In Detector\n.*"), ri.out);
        assertTrue(ri.out.matches("(?s).*\\(0019,1003\\) DS \\[373\\.750000\\] +#  10, 1 Cell Number At Theta\n.*"), ri.out);
    }
}
