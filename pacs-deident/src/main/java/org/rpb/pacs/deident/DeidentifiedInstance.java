package org.rpb.pacs.deident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rpb.pacs.core.io.DicomFile;

/**
 * One instance de-identified in memory by {@link Deidentifier#deidentifyInMemory}, for a caller that sends it
 * on (a C-STORE) instead of writing a file: the data set with its new file meta information, its bulk data
 * still read from the input file (or, when pixels were masked, from a temporary file). The input file must
 * stay until the instance has been sent; {@link #close()} deletes the temporary files.
 */
public final class DeidentifiedInstance implements AutoCloseable {
    private final DicomFile file;
    private final InstanceResult result;
    private final List<Path> temporaryFiles;

    DeidentifiedInstance(DicomFile file, InstanceResult result, List<Path> temporaryFiles) {
        this.file = file;
        this.result = result;
        this.temporaryFiles = List.copyOf(temporaryFiles);
    }

    /** @return the de-identified instance (preamble, new file meta information, data set) */
    public DicomFile file() {
        return file;
    }

    /** @return the result (no output path), with the manifest entries and the crosswalk */
    public InstanceResult result() {
        return result;
    }

    /** Deletes the temporary files (masked pixel data); the instance must not be sent afterwards. */
    @Override
    public void close() {
        for (Path p : temporaryFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a masked-pixel temporary file in the system's temporary folder; nothing refers to it any more
            }
        }
    }
}
