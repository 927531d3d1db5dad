package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.core.net.InstanceCheck;

/**
 * {@link Deidentifier#deidentifyInMemory(DicomFile, SubjectContext, String)} gives the same bytes as the variant that
 * reads the file itself, whatever the parse left in the file, also for a parse that was moved with its file
 * ({@link InstanceCheck#relocate}, as the receiver and the staging pipeline hand it on).
 */
class ParsedInputTest {

    @TempDir
    Path tmp;

    private static final List<String> FILES = List.of("CT_small.dcm", "MR_small.dcm", "rtdose.dcm", "rtstruct.dcm",
            "rtplan.dcm", "JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_rle_32bit_2frame.dcm",
            "waveform_ecg.dcm", "liver_1frame.dcm");

    private List<Path> inputs() throws Exception {
        List<Path> in = new ArrayList<>();
        in.add(Planted.write(tmp.resolve("planted.dcm")));
        for (String f : FILES) {
            in.add(Fixtures.pydicom(f));
        }
        return in;
    }

    /** The output bytes, or the refusal's message. */
    private Object bytes(Deidentifier d, DicomFile parsed, Path file, SubjectContext ctx) throws Exception {
        DeidentifiedInstance r;
        try {
            r = parsed == null ? d.deidentifyInMemory(file, ctx)
                    : d.deidentifyInMemory(parsed, ctx, file.getFileName().toString());
        } catch (DeidentificationException e) {
            return "refused: " + e.getMessage().replace(file.toString(), file.getFileName().toString());
        }
        try (r) {
            Path out = Files.createTempFile(tmp, "out", ".dcm");
            DicomWriter.create().write(r.file(), out);
            return new String(java.util.HexFormat.of().formatHex(Files.readAllBytes(out)));
        }
    }

    @Test
    void parsedInputGivesTheSameBytesAsTheFile() throws Exception {
        Deidentifier d = Deidentifier.builder().key(Fixtures.KEY).manifest(false).build();
        SubjectContext ctx = Fixtures.ctx();
        int written = 0;
        for (Path in : inputs()) {
            Path name = in.getFileName();
            Path copy = Files.copy(in, Files.createDirectories(tmp.resolve("x")).resolve(name));
            Object expected = bytes(d, null, copy, ctx);
            written += expected instanceof String s && !s.startsWith("refused") ? 1 : 0;
            for (long threshold : new long[] {0, InstanceCheck.BULK_DATA_THRESHOLD, DicomReader.DEFAULT_BULK_DATA_THRESHOLD}) {
                DicomFile parsed = DicomReader.builder().bulkDataThreshold(threshold).build().read(copy);
                assertEquals(expected, bytes(d, parsed, copy, ctx), in.getFileName() + " parsed with threshold " + threshold);
            }
            // the receiver's parse, moved twice with its file (receiver spool, then the job's folder)
            Path first = Files.copy(in, Files.createDirectories(tmp.resolve("a")).resolve(name));
            InstanceCheck.Parsed p = InstanceCheck.parse(first);
            Path second = Files.move(first, Files.createDirectories(tmp.resolve("b")).resolve(name));
            Path third = Files.move(second, Files.createDirectories(tmp.resolve("c")).resolve(name));
            DicomFile moved = InstanceCheck.relocate(InstanceCheck.relocate(p.file(), second), third);
            assertEquals(third, moved.source());
            assertEquals(expected, bytes(d, moved, third, ctx), in.getFileName() + " parsed, then moved");
        }
        assertTrue(written >= 8, "most inputs are de-identified, not refused: " + written);
    }

    @Test
    void withAManifestTheFileIsReadAgainAndTheManifestIsTheSame() throws Exception {
        Deidentifier d = Deidentifier.builder().key(Fixtures.KEY).manifest(true).build();
        Path in = Files.copy(Fixtures.pydicom("CT_small.dcm"), tmp.resolve("ct.dcm"));
        InstanceResult byPath;
        try (DeidentifiedInstance r = d.deidentifyInMemory(in, Fixtures.ctx())) {
            byPath = r.result();
        }
        DicomFile parsed = InstanceCheck.parse(in).file();
        try (DeidentifiedInstance r = d.deidentifyInMemory(parsed, Fixtures.ctx(), "ct.dcm")) {
            assertEquals(byPath.manifest(), r.result().manifest());
            assertTrue(!r.result().manifest().isEmpty(), "a manifest was kept");
            assertEquals(in, r.result().source());
        }
        Object a = bytes(d, null, in, Fixtures.ctx());
        Object b = bytes(d, InstanceCheck.parse(in).file(), in, Fixtures.ctx());
        assertArrayEquals(new Object[] {a}, new Object[] {b});
    }
}
