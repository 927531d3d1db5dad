package org.rpb.pacs.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private final DicomReader reader;

    public UploadInspector(DicomReader reader) {
        this.reader = reader;
    }

    /** Inspects every regular file under {@code folder}, in name order. */
    public UploadContents inspect(Path folder) throws IOException {
        List<InspectedInstance> instances = new ArrayList<>();
        List<IgnoredFile> ignored = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = folder.relativize(file).toString();
                if (!DicomReader.isDicom(file)) {
                    ignored.add(new IgnoredFile(name, "not a DICOM file", false));
                    continue;
                }
                try {
                    DataSet dataSet = reader.read(file).dataSet();
                    instances.add(new InspectedInstance(file, name, HeaderSummary.of(dataSet),
                            InstanceReferences.of(dataSet)));
                } catch (DicomParseException e) {
                    ignored.add(new IgnoredFile(name, "damaged DICOM file: " + e.reason() + " at byte "
                            + e.offset() + (e.tag() == null ? "" : " in " + e.tag()), true));
                } catch (IllegalArgumentException e) {
                    ignored.add(new IgnoredFile(name, "DICOM file without identifiers: " + e.getMessage(), true));
                }
            }
        }
        return new UploadContents(instances, ignored);
    }
}
