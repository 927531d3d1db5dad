package org.rpb.pacs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

@Tag("external")
class UploadWorkspaceTest {

    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @TempDir
    static Path study;

    @TempDir
    Path parent;

    @BeforeAll
    static void writeStudy() throws Exception {
        RtStudy.write(study, "WS-1", "Workspace^Wilma", 3);
    }

    @Test
    void zipAndSingleFilesAreInspectedTogether() throws Exception {
        List<Path> files = studyFiles();
        try (UploadWorkspace ws = UploadWorkspace.builder().parent(parent).build()) {
            // the CT as a ZIP, the RT objects as files of a dropped folder with the same names twice
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(zip)) {
                for (Path f : files) {
                    if (f.getFileName().toString().startsWith("CT")) {
                        z.putNextEntry(new ZipEntry("ct/" + f.getFileName()));
                        Files.copy(f, z);
                        z.closeEntry();
                    }
                }
            }
            int fromZip = ws.receive("ct.zip", new ByteArrayInputStream(zip.toByteArray()));
            assertEquals(3, fromZip);
            for (Path f : files) {
                if (!f.getFileName().toString().startsWith("CT")) {
                    try (InputStream in = Files.newInputStream(f)) {
                        assertEquals(1, ws.receive("folder/" + f.getFileName(), in));
                    }
                }
            }
            ws.receive("folder/notes.txt", new ByteArrayInputStream("not DICOM".getBytes(StandardCharsets.US_ASCII)));
            try (InputStream in = Files.newInputStream(PYDICOM.resolve("MR_truncated.dcm"))) {
                ws.receive("folder/MR_truncated.dcm", in);
            }

            UploadContents c = ws.inspect();
            assertEquals(files.size(), c.instances().size());
            assertEquals(4, c.series().size());
            assertEquals(2, c.ignored().size(), "" + c.ignored());
            IgnoredFile text = c.ignored().stream().filter(i -> !i.damaged()).findFirst().orElseThrow();
            assertEquals("folder/notes.txt", UploadWorkspace.displayName(text.name()));
            assertTrue(c.hasDamagedFiles());
            assertTrue(c.ignored().stream().anyMatch(i -> i.damaged() && i.name().endsWith("MR_truncated.dcm")
                    && i.reason().contains("at byte")), "" + c.ignored());
            assertTrue(ws.receivedBytes() > 0);
        }
    }

    @Test
    void sameNameTwiceKeepsBothAndANewFileRefreshesTheInspection() throws Exception {
        Path ct = studyFiles().get(0);
        try (UploadWorkspace ws = UploadWorkspace.builder().parent(parent).build()) {
            ws.receive("a.dcm", Files.newInputStream(ct));
            assertEquals(1, ws.inspect().instances().size());
            ws.receive("a.dcm", Files.newInputStream(PYDICOM.resolve("CT_small.dcm")));
            UploadContents c = ws.inspect();
            assertEquals(2, c.instances().size());
            assertEquals(2, c.studyInstanceUids().size());
            assertTrue(c.check(new ExpectedPatient("F", 1958)).stream().anyMatch(Finding::blocking),
                    "two patients block the upload");
        }
    }

    @Test
    void namesCannotLeaveTheWorkspaceAndCloseDeletesIt() throws Exception {
        assertEquals("etc/passwd", UploadWorkspace.safeName("../../etc/passwd"));
        assertEquals("Users/x/a_b.dcm", UploadWorkspace.safeName("C:\\Users\\x\\a*b.dcm"));
        assertEquals("file", UploadWorkspace.safeName(".."));
        Path folder;
        try (UploadWorkspace ws = UploadWorkspace.builder().parent(parent).build()) {
            folder = ws.folder();
            ws.receive("../../evil.dcm", new ByteArrayInputStream(new byte[] {1, 2, 3}));
            try (Stream<Path> s = Files.walk(parent)) {
                assertTrue(s.filter(Files::isRegularFile).allMatch(p -> p.startsWith(folder)));
            }
        }
        assertFalse(Files.exists(folder));
    }

    @Test
    void damagedZipIsRefusedNamingTheFile() throws Exception {
        try (UploadWorkspace ws = UploadWorkspace.builder().parent(parent).limits(new UploadLimits(1024, 10, 200)).build()) {
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(zip)) {
                z.putNextEntry(new ZipEntry("big.bin"));
                z.write(new byte[4096]);
                z.closeEntry();
            }
            IOException e = assertThrows(IOException.class,
                    () -> ws.receive("study.zip", new ByteArrayInputStream(zip.toByteArray())));
            assertTrue(e.getMessage().startsWith("study.zip: ") && e.getMessage().contains("1,024 bytes"), e.getMessage());
            assertEquals(0, ws.inspect().instances().size());
            assertEquals(0, ws.inspect().ignored().size(), "the refused ZIP leaves nothing behind");
        }
    }

    @Test
    void theTotalCapHoldsAcrossPlainFilesAndIsRefundedForARefusedFile() throws Exception {
        try (UploadWorkspace ws = UploadWorkspace.builder().parent(parent).limits(new UploadLimits(3000, 2, 200)).build()) {
            ws.receive("a.dcm", new ByteArrayInputStream(new byte[2000]));
            IOException tooBig = assertThrows(IOException.class, () -> ws.receive("b.dcm", new ByteArrayInputStream(new byte[2000])));
            assertTrue(tooBig.getCause() instanceof UploadLimitException, tooBig.toString());
            assertTrue(tooBig.getMessage().contains("larger than its limit of 3,000 bytes"), tooBig.getMessage());
            assertEquals(2000, ws.receivedBytes());
            ws.receive("c.dcm", new ByteArrayInputStream(new byte[1000]));
            IOException tooMany = assertThrows(IOException.class, () -> ws.receive("d.dcm", new ByteArrayInputStream(new byte[1])));
            assertTrue(tooMany.getMessage().contains("more than 2 files and folders"), tooMany.getMessage());
            try (Stream<Path> s = Files.walk(ws.folder())) {
                assertEquals(2, s.filter(Files::isRegularFile).count(), "the refused files are deleted");
            }
        }
    }

    @Test
    void filesArrivingTogetherAreSortedAsTheyArriveAndASealedWorkspaceTakesNoMore() throws Exception {
        List<Path> files = studyFiles();
        try (UploadWorkspace ws = UploadWorkspace.builder().parent(parent).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> sent = new ArrayList<>();
                for (Path f : files) {
                    sent.add(pool.submit(() -> {
                        try (InputStream in = Files.newInputStream(f)) {
                            return ws.receive("study/" + f.getFileName(), in);
                        }
                    }));
                }
                for (Future<Integer> s : sent) {
                    assertEquals(1, s.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            long generation = ws.generation();
            UploadContents c = ws.inspect();
            assertEquals(files.size(), c.instances().size());
            assertEquals(4, c.series().size());
            assertTrue(ws.seal());
            IOException refused = assertThrows(IOException.class,
                    () -> ws.receive("late.dcm", Files.newInputStream(files.get(0))));
            assertTrue(refused.getMessage().startsWith("late.dcm: ") && refused.getMessage().contains("confirmed"),
                    refused.getMessage());
            assertEquals(files.size(), ws.inspect().instances().size(), "nothing of the refused file stays");
            ws.unseal();
            ws.receive("later.dcm", Files.newInputStream(files.get(0)));
            assertTrue(ws.generation() > generation);
            assertEquals(files.size() + 1, ws.inspect().instances().size());
        }
    }

    @Test
    void aClosedWorkspaceTakesNoMoreFiles() throws Exception {
        UploadWorkspace ws = UploadWorkspace.builder().parent(parent).build();
        ws.close();
        assertThrows(IOException.class, () -> ws.receive("a.dcm", new ByteArrayInputStream(new byte[10])));
        assertFalse(Files.exists(ws.folder()));
    }

    private static List<Path> studyFiles() throws IOException {
        try (Stream<Path> s = Files.list(study)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
