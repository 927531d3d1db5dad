package org.rpb.pacs.upload;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.FileTrees;

/**
 * The working folder of one upload: receives the files the browser sends (single DICOM files, files of a
 * dropped folder with their relative names, or ZIP archives, which are unpacked into a folder of their own),
 * inspects what arrived and is deleted when the upload ends. Each received file lands in its own numbered
 * sub-folder, so two files of the same name from different folders never overwrite each other. Each file is read
 * to its end and sorted as soon as it has arrived (in the thread that received it), so that {@link #inspect()} only
 * gathers what is known. Thread-safe: the browser sends several files at a time; once {@link #seal() sealed} (the
 * upload is confirmed) or {@link #close() closed}, the workspace takes no more files.
 */
public final class UploadWorkspace implements AutoCloseable {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final Path folder;
    private final UploadLimits limits;
    private final UploadBudget budget;
    private final UploadInspector inspector;
    /** The files sorted as they arrived, by path (a file absent here is sorted when inspected). */
    private final Map<Path, UploadInspector.Sorted> sorted = new ConcurrentHashMap<>();
    private long received;
    private long receivedBytes;
    private int arriving;
    private long generation;
    private boolean sealed;
    private boolean closed;
    private UploadContents contents;

    private UploadWorkspace(Builder b) throws IOException {
        Files.createDirectories(b.parent);
        this.folder = Files.createTempDirectory(b.parent, "upload-");
        this.limits = b.limits;
        this.budget = new UploadBudget(b.limits);
        this.inspector = new UploadInspector(DicomReader.create());
    }

    /** @return a builder of a workspace under the JVM's temporary folder with the {@link UploadLimits#defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the working folder (deleted by {@link #close()}) */
    public Path folder() {
        return folder;
    }

    /**
     * Receives one file of the upload. A ZIP archive (recognised by its first bytes, not its name) is
     * unpacked; anything else is kept as it is and sorted by {@link #inspect()}.
     *
     * @param name the file's name as the browser sent it, possibly with a relative folder path
     * @param in   its content; read to its end, not closed
     * @return the number of files the upload gained
     * @throws IOException naming the file when it cannot be stored or the ZIP is damaged, when the upload was
     *                     confirmed or ended, or (an {@link UploadLimitException} as its cause) when the upload
     *                     goes over one of its {@link UploadLimits}; what the file had stored is deleted
     */
    public int receive(String name, InputStream in) throws IOException {
        String safe = safeName(name);
        Path slot;
        synchronized (this) {
            if (sealed || closed) {
                throw new IOException(safe + ": this upload was confirmed or ended; reload the page to upload more");
            }
            slot = folder.resolve(String.format(Locale.ROOT, "%05d", received++));
            arriving++;
        }
        try {
            return store(safe, in, slot);
        } finally {
            synchronized (this) {
                arriving--;
                generation++;
                contents = null;
                if (closed) {
                    // ended while this file arrived: nothing of it stays
                    FileTrees.deleteQuietly(folder);
                }
            }
        }
    }

    /** Stores (or unpacks) one received file into its numbered folder and sorts what it holds. */
    private int store(String safe, InputStream in, Path slot) throws IOException {
        Files.createDirectories(slot);
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(ZIP_MAGIC.length);
        byte[] head = buffered.readNBytes(ZIP_MAGIC.length);
        buffered.reset();
        UploadBudget.Tab tab = budget.tab();
        int files;
        long bytes;
        try {
            if (java.util.Arrays.equals(head, ZIP_MAGIC)) {
                Path into = slot.resolve(stripZip(safe));
                files = ZipExtractor.extract(buffered, into, tab);
                bytes = sizeOf(into);
            } else {
                Path target = slot.resolve(safe);
                Files.createDirectories(target.getParent());
                tab.file();
                bytes = copy(buffered, target, tab);
                files = 1;
            }
            sortArrived(slot);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteQuietly(slot);
            sorted.keySet().removeIf(p -> p.startsWith(slot));
            tab.refund();
            throw new IOException(safe + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            receivedBytes += bytes;
        }
        return files;
    }

    /** Reads the files that arrived in one numbered folder to their end, while other files still arrive. */
    private void sortArrived(Path slot) throws IOException {
        try (Stream<Path> s = Files.walk(slot)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                sorted.put(f, inspector.sort(folder, f));
            }
        }
    }

    /**
     * Takes no more files from now on, unless files are still arriving.
     *
     * @return whether the workspace is sealed; false while a file arrives (then nothing changed)
     */
    public synchronized boolean seal() {
        if (arriving > 0) {
            return false;
        }
        sealed = true;
        return true;
    }

    /** Takes files again after a {@link #seal()} whose confirmation was refused. */
    public synchronized void unseal() {
        sealed = false;
    }

    /** @return a number that changes whenever a file has arrived or was refused (for caches of what arrived) */
    public synchronized long generation() {
        return generation;
    }

    /** @return the caps this upload is held to */
    public UploadLimits limits() {
        return limits;
    }

    /** Copies a plain file, charging its bytes as they arrive. */
    private static long copy(InputStream in, Path target, UploadBudget.Tab tab) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (java.io.OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                tab.bytes(n);
                out.write(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }

    /** @return the bytes received so far (after unpacking) */
    public synchronized long receivedBytes() {
        return receivedBytes;
    }

    /**
     * Inspects everything received so far (each file read to its end when it arrived). The result is kept until
     * another file arrives.
     *
     * @return the upload's contents
     * @throws IOException when the working folder cannot be read
     */
    public synchronized UploadContents inspect() throws IOException {
        if (contents == null) {
            contents = inspector.inspect(folder, sorted);
        }
        return contents;
    }

    /** The name a file of the upload is shown under: its name without the numbered folder it landed in. */
    public String displayName(InspectedInstance instance) {
        return displayName(instance.name());
    }

    static String displayName(String relative) {
        int slash = relative.indexOf(java.io.File.separatorChar);
        return slash < 0 ? relative : relative.substring(slash + 1);
    }

    /** Deletes the working folder and everything in it. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        sorted.clear();
        // a leftover folder under the server's temp folder is removed with it; nothing else depends on it
        FileTrees.deleteQuietly(folder);
    }

    /**
     * Keeps a browser-sent name inside the workspace: drops drive letters, parent steps and empty steps,
     * and characters that are not safe in file names.
     */
    static String safeName(String name) {
        String n = Objects.requireNonNullElse(name, "").replace('\\', '/');
        StringBuilder out = new StringBuilder();
        for (String step : n.split("/")) {
            if (step.isEmpty() || step.equals(".") || step.equals("..") || step.endsWith(":")) {
                continue;
            }
            String clean = step.replaceAll("[^A-Za-z0-9._ +()-]", "_");
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(clean);
        }
        return out.length() == 0 ? "file" : out.toString();
    }

    private static String stripZip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4) + "_zip" : name;
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Builder of {@link UploadWorkspace}. */
    public static final class Builder {
        private Path parent = Path.of(System.getProperty("java.io.tmpdir"), "pacs-upload");
        private UploadLimits limits = UploadLimits.defaults();

        private Builder() {
        }

        /** @param dir the folder the workspace is created in (e.g. under jboss.server.temp.dir) @return this */
        public Builder parent(Path dir) {
            this.parent = Objects.requireNonNull(dir);
            return this;
        }

        /** @param limits the caps of the whole upload @return this */
        public Builder limits(UploadLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /**
         * @return a new workspace with a fresh working folder
         * @throws IOException when the folder cannot be created
         */
        public UploadWorkspace build() throws IOException {
            return new UploadWorkspace(this);
        }
    }
}
