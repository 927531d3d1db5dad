package org.rpb.pacs.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.io.DicomParseException;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.rt.InstanceReferences;

/**
 * Reads every file of an upload's working folder and sorts it: DICOM instances that read completely,
 * damaged DICOM files (with the codec's reason and offset), and files that are not DICOM. Each file
 * is parsed to its end, so a truncated file is found here and not when it is stored.
 * Thread-safe; holds no state between calls.
 */
public final class UploadInspector {

    /** What one file of an upload is: an instance or a file left out, exactly one of them not null. */
    public record Sorted(InspectedInstance instance, IgnoredFile ignored) {
    }

    private final DicomReader reader;
    /** Whether files are read only up to their pixel data (see {@link #headersOnly}). */
    private final boolean headersOnly;

    /** @param reader the codec's reader; each file is read to its end */
    public UploadInspector(DicomReader reader) {
        this(reader, false);
    }

    private UploadInspector(DicomReader reader, boolean headersOnly) {
        this.reader = reader;
        this.headersOnly = headersOnly;
    }

    /**
     * An inspector that reads each file only up to its pixel data: for a folder whose files were read to their end
     * and checked before (an upload job's folder, sealed at the confirmation, damaged files left out), where
     * the identifiers and references are enough.
     *
     * @param reader the codec's reader
     * @return the inspector
     */
    public static UploadInspector headersOnly(DicomReader reader) {
        return new UploadInspector(reader, true);
    }

    /** Inspects every regular file under {@code folder}, in name order. */
    public UploadContents inspect(Path folder) throws IOException {
        return inspect(folder, Map.of());
    }

    /**
     * Inspects every regular file under {@code folder}, in name order, taking the files sorted before (as they
     * arrived) from {@code known}.
     *
     * @param folder the working folder
     * @param known  files of the folder already sorted by {@link #sort(Path, Path)}
     * @return the folder's contents
     * @throws IOException when the folder cannot be read
     */
    public UploadContents inspect(Path folder, Map<Path, Sorted> known) throws IOException {
        List<InspectedInstance> instances = new ArrayList<>();
        List<IgnoredFile> ignored = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                Sorted s = known.get(file);
                if (s == null) {
                    s = sort(folder, file);
                }
                if (s.instance() != null) {
                    instances.add(s.instance());
                } else {
                    ignored.add(s.ignored());
                }
            }
        }
        return new UploadContents(instances, ignored);
    }

    /**
     * Reads one file of the folder to its end (or up to its pixel data, see {@link #headersOnly}) and sorts it.
     *
     * @param folder the working folder (names are relative to it)
     * @param file   a regular file under it
     * @return the instance, or why the file is left out
     * @throws IOException when the file cannot be read
     */
    public Sorted sort(Path folder, Path file) throws IOException {
        String name = folder.relativize(file).toString();
        if (!DicomReader.isDicom(file)) {
            return new Sorted(null, new IgnoredFile(name, "not a DICOM file", false));
        }
        try {
            DataSet dataSet = headersOnly ? reader.readUpToPixelData(file).dataSet() : reader.read(file).dataSet();
            return new Sorted(new InspectedInstance(file, name, HeaderSummary.of(dataSet),
                    InstanceReferences.of(dataSet)), null);
        } catch (DicomParseException e) {
            return new Sorted(null, new IgnoredFile(name, "damaged DICOM file: " + e.reason() + " at byte "
                    + e.offset() + (e.tag() == null ? "" : " in " + e.tag()), true));
        } catch (IllegalArgumentException e) {
            return new Sorted(null, new IgnoredFile(name, "DICOM file without identifiers: " + e.getMessage(), true));
        }
    }
}
