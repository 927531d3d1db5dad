package org.rpb.pacs.deident.rt;

import java.nio.file.Path;

/**
 * A reference in an output file that no file of the set resolves.
 *
 * @param file the referencing file
 * @param path the attribute path of the reference
 * @param kind what it should resolve to: {@code instance}, {@code study}, {@code series},
 *        {@code frame-of-reference} or {@code dose-reference}; or {@code unreadable} for a file of the set that
 *        cannot be read as DICOM (its references cannot be checked, nor can references to it resolve)
 * @param uid the referenced UID (a new, de-identified UID), null for an unreadable file
 */
public record UnresolvedReference(Path file, String path, String kind, String uid) {

    /** The kind of an entry for a file that cannot be read. */
    public static final String UNREADABLE = "unreadable";

    /**
     * @param file a file of the set that cannot be read as DICOM
     * @return the entry that reports it
     */
    public static UnresolvedReference unreadable(Path file) {
        return new UnresolvedReference(file, "", UNREADABLE, null);
    }

    @Override
    public String toString() {
        if (UNREADABLE.equals(kind)) {
            return file + ": not readable as DICOM, its references cannot be checked";
        }
        return file + ": " + path + ": " + kind + " " + uid + " not found in the set";
    }
}
