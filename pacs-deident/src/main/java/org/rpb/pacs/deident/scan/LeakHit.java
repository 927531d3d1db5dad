package org.rpb.pacs.deident.scan;

import java.nio.file.Path;

/**
 * One occurrence of an original identifier in an output file. It names the identifier by its number in the
 * list given to the scanner (1-based), not by its value, so that reports do not repeat patient data.
 *
 * @param file the file
 * @param path the attribute path, e.g. {@code (0040,0275)[0]/(0040,1001)}, or {@code preamble}
 * @param identifier the 1-based number of the identifier in the scanner's list
 * @param form how it was found: {@code text}, {@code name-part}, {@code date-form}, {@code bytes} or
 *        {@code utf16}
 */
public record LeakHit(Path file, String path, int identifier, String form) {

    @Override
    public String toString() {
        return file + ": " + path + ": identifier #" + identifier + " (" + form + ")";
    }
}
