package org.rpb.pacs.deident;

import java.nio.file.Path;
import java.util.List;

import org.rpb.pacs.deident.manifest.Crosswalk;
import org.rpb.pacs.deident.manifest.ManifestEntry;

/**
 * What became of one input file.
 *
 * @param source the input file
 * @param output the file written, or null (refused, or dry run)
 * @param refusal why the file was refused (file and reason, no patient value), or null when it was done
 * @param newSopInstanceUid the new SOP Instance UID, or null when refused
 * @param manifest every attribute touched
 * @param crosswalk old to new UIDs and Patient ID of this instance
 */
public record InstanceResult(Path source, Path output, String refusal, String newSopInstanceUid,
        List<ManifestEntry> manifest, Crosswalk crosswalk) {

    /** Copies the manifest list. */
    public InstanceResult {
        manifest = List.copyOf(manifest);
    }

    /** @return whether the instance was de-identified (written, or would be in a dry run) */
    public boolean done() {
        return refusal == null;
    }
}
