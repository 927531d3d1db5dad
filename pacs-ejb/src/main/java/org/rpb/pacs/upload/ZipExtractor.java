package org.rpb.pacs.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Unpacks an uploaded ZIP into an upload's working folder, streaming, within the upload's {@link UploadLimits}:
 * entries may not leave the folder ("zip slip"); every entry (files and folders) counts against the upload's file cap,
 * every unpacked byte against its byte cap, and the unpacked bytes against the compressed bytes read for the ratio
 * cap, all charged while unpacking, so that a small hostile archive cannot fill the disk.
 */
final class ZipExtractor {

    private ZipExtractor() {
    }

    /**
     * Unpacks {@code zip} into {@code folder}, charging {@code tab}.
     *
     * @return the number of files written
     * @throws IOException naming what is wrong when the archive is damaged or breaks a limit
     *                     ({@link UploadLimitException}); the caller then deletes the folder and refunds the tab
     */
    static int extract(InputStream zip, Path folder, UploadBudget.Tab tab) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        int files = 0;
        byte[] buffer = new byte[64 * 1024];
        CountingInput raw = new CountingInput(zip);
        long compressedSeen = 0;
        try (ZipInputStream in = new ZipInputStream(raw)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException("The ZIP entry '" + entry.getName() + "' points outside the archive");
                }
                tab.file();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                files++;
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        tab.bytes(n);
                        long compressed = raw.count();
                        tab.zip(n, compressed - compressedSeen);
                        compressedSeen = compressed;
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (ZipException e) {
            throw new IOException("The file is not a readable ZIP archive: " + e.getMessage(), e);
        }
        if (files == 0) {
            throw new IOException("The ZIP archive holds no file");
        }
        return files;
    }

    /** Counts the compressed bytes the ZIP reader took. */
    private static final class CountingInput extends FilterInputStream {
        private long count;

        CountingInput(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
