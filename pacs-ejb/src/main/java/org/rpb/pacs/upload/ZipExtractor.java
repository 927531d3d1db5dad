package org.rpb.pacs.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Unpacks an uploaded ZIP into an upload's working folder, streaming, with limits: entries may not
 * leave the folder ("zip slip"), and the unpacked size and entry count are bounded so that a small
 * hostile archive cannot fill the disk.
 */
public final class ZipExtractor {

    private final long maxBytes;
    private final int maxEntries;

    /**
     * @param maxBytes   the most bytes all entries may unpack to
     * @param maxEntries the most files an archive may hold
     */
    public ZipExtractor(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * Unpacks {@code zip} into {@code folder}.
     *
     * @return the number of files written
     * @throws IOException naming what is wrong when the archive is damaged or breaks a limit; the
     *                     caller then deletes the folder
     */
    public int extract(InputStream zip, Path folder) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        long total = 0;
        int files = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(zip)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException("The ZIP entry '" + entry.getName() + "' points outside the archive");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                if (++files > maxEntries) {
                    throw new IOException("The ZIP holds more than " + maxEntries + " files");
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        total += n;
                        if (total > maxBytes) {
                            throw new IOException("The ZIP unpacks to more than " + maxBytes + " bytes");
                        }
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
}
