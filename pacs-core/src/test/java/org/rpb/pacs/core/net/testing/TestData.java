package org.rpb.pacs.core.net.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rpb.pacs.core.net.Part10Meta;

/** pydicom's real test files (Debian python3-pydicom) and helpers to run dcmtk tools in tests. */
public final class TestData {
    /** Folder of pydicom's test files. */
    public static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    private TestData() {
    }

    /**
     * @param name a file name in pydicom's test data
     * @return its path
     * @throws IllegalStateException with the install hint if pydicom's data is missing
     */
    public static Path pydicom(String name) {
        Path p = PYDICOM.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " not found: install it with 'apt-get install python3-pydicom'");
        }
        return p;
    }

    /**
     * @param tool a dcmtk tool name such as {@code storescu}
     * @return its path
     * @throws IllegalStateException with the install hint if dcmtk is missing
     */
    public static String dcmtk(String tool) {
        Path p = Path.of("/usr/bin", tool);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " not found: install it with 'apt-get install dcmtk'");
        }
        return p.toString();
    }

    /** Result of a finished process. */
    public record Run(int exit, String output) {
    }

    /**
     * Runs a command with a bounded wait.
     *
     * @param timeoutSeconds the bound; the process is killed after it
     * @param command the command
     * @return exit status and combined output
     */
    public static Run run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                out[0] = in.readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            reader.join(5000);
            throw new IOException(Arrays.toString(command) + " did not finish in " + timeoutSeconds + " s");
        }
        reader.join(5000);
        return new Run(p.exitValue(), out[0] == null ? "" : new String(out[0]));
    }

    /** @return the data set bytes of a Part 10 file (everything after the meta information) */
    public static byte[] dataSetBytes(Path file) throws IOException {
        Part10Meta m = Part10Meta.read(file);
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, (int) m.dataSetOffset(), all.length);
    }

    /**
     * The Pixel Data element as encoded (tag, header and value, or all fragments up to the sequence
     * delimiter); a peer that re-encodes other elements still must not touch these bytes. Only for
     * little endian files; a deflated data set is inflated first.
     *
     * @return the bytes of the last top-level (7FE0,0010) element
     */
    public static byte[] pixelDataBytes(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Part10Meta meta = Part10Meta.read(file);
        if (meta.transferSyntaxUid().equals("1.2.840.10008.1.2.1.99")) {
            all = inflate(Arrays.copyOfRange(all, (int) meta.dataSetOffset(), all.length), file);
        }
        for (int i = all.length - 8; i >= 0; i--) {
            if (all[i] == (byte) 0xE0 && all[i + 1] == 0x7F && all[i + 2] == 0x10 && all[i + 3] == 0x00) {
                boolean explicit = (all[i + 4] == 'O' && (all[i + 5] == 'B' || all[i + 5] == 'W'));
                int lenPos = explicit ? i + 8 : i + 4;
                long len = (all[lenPos] & 0xFFL) | (all[lenPos + 1] & 0xFFL) << 8 | (all[lenPos + 2] & 0xFFL) << 16 | (all[lenPos + 3] & 0xFFL) << 24;
                int start = lenPos + 4;
                if (len != 0xFFFFFFFFL) {
                    return Arrays.copyOfRange(all, i, (int) Math.min(all.length, start + len));
                }
                for (int j = start; j + 8 <= all.length; ) {
                    int itemLen = (all[j + 4] & 0xFF) | (all[j + 5] & 0xFF) << 8 | (all[j + 6] & 0xFF) << 16 | (all[j + 7] & 0xFF) << 24;
                    if (all[j] == (byte) 0xFE && all[j + 1] == (byte) 0xFF && all[j + 2] == (byte) 0xDD && all[j + 3] == (byte) 0xE0) {
                        return Arrays.copyOfRange(all, i, j + 8);
                    }
                    j += 8 + itemLen;
                }
                throw new IOException(file + ": encapsulated pixel data without sequence delimiter");
            }
        }
        throw new IOException(file + " has no Pixel Data element");
    }

    private static byte[] inflate(byte[] deflated, Path file) throws IOException {
        java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
        inf.setInput(deflated);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(deflated.length * 4);
        byte[] buf = new byte[65536];
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException(file + ": deflated data set is damaged", e);
        } finally {
            inf.end();
        }
        return out.toByteArray();
    }

    /** @return the list of Part 10 files directly in a folder, sorted */
    public static List<Path> dicomFiles(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".dcm")).sorted().toList();
        }
    }
}
