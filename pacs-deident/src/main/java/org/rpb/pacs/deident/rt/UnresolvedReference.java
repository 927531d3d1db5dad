package org.rpb.pacs.deident.rt;

import java.nio.file.Path;

/**
 * A reference in an output file that no file of the set resolves.
 *
 * @param file the referencing file
 * @param path the attribute path of the reference
 * @param kind what it should resolve to: {@code instance}, {@code study}, {@code series},
 *        {@code frame-of-reference} or {@code dose-reference}
 * @param uid the referenced UID (a new, de-identified UID)
 */
public record UnresolvedReference(Path file, String path, String kind, String uid) {

    @Override
    public String toString() {
        return file + ": " + path + ": " + kind + " " + uid + " not found in the set";
    }
}
