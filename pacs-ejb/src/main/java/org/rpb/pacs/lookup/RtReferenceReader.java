package org.rpb.pacs.lookup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.io.DicomParseException;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.core.rt.InstanceReferences;
import org.rpb.pacs.staging.SourcePacs;

/**
 * Reads what the RT objects of a clinical study reference: retrieves the RT series (small objects) with
 * the staging retrieve into a private temporary folder, reads each instance's references and deletes the
 * files again, so no patient data stays on disk. Stateless apart from its reader; one call per study.
 */
final class RtReferenceReader {
    /** Pixel data and other bulk values are not needed for references. */
    private final DicomReader reader = DicomReader.builder().bulkDataThreshold(1024).build();

    /**
     * @param source the clinical PACS
     * @param studyInstanceUid the study
     * @param rtInstances the instances of its RT series, by Series Instance UID
     * @return the references of every instance that arrived and could be read
     * @throws DicomNetworkException if the PACS refuses or breaks off a retrieve
     * @throws IOException if the temporary folder cannot be written or an instance cannot be read
     * @throws InterruptedException if interrupted while waiting for arrivals
     */
    List<InstanceReferences> read(SourcePacs source, String studyInstanceUid, Map<String, List<InstanceResult>> rtInstances)
            throws DicomNetworkException, IOException, InterruptedException {
        Path folder = Files.createTempDirectory("pacs-rt-refs-");
        try {
            List<InstanceReferences> out = new ArrayList<>();
            for (Map.Entry<String, List<InstanceResult>> e : rtInstances.entrySet()) {
                SourcePacs.Retrieved got = source.retrieveSeries(studyInstanceUid, e.getKey(), e.getValue(),
                        folder.resolve(Integer.toString(out.size())), CancelToken.create());
                for (Path f : got.files().values()) {
                    out.add(references(f));
                }
            }
            return out;
        } finally {
            FileTrees.delete(folder);
        }
    }

    private InstanceReferences references(Path file) throws IOException {
        try {
            DataSet ds = reader.read(file).dataSet();
            return InstanceReferences.of(ds);
        } catch (DicomParseException | IllegalArgumentException e) {
            // the message names the tag or offset, never the file (its path is private anyway)
            throw new IOException("an RT instance of the study cannot be read: " + e.getMessage(), e);
        }
    }
}
