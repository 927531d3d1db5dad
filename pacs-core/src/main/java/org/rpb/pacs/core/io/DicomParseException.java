package org.rpb.pacs.core.io;

import java.io.IOException;
import java.nio.file.Path;

import org.rpb.pacs.core.data.Tag;

/**
 * A file or stream is not DICOM, or is damaged (truncated, a length past the end, broken item delimitation,
 * garbage). Names the file, the byte offset where the problem was found and the tag being read (if any); never
 * a value, since values may identify a patient. No partial data set accompanies it.
 */
public class DicomParseException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final transient Tag tag;
    private final String reason;

    /**
     * @param file   the file read, or {@code null} for a stream
     * @param offset the byte offset in the file (or in the inflated stream for deflated data sets)
     * @param tag    the tag of the element being read, or {@code null}
     * @param reason what is wrong, without any value
     */
    public DicomParseException(Path file, long offset, Tag tag, String reason) {
        super((file != null ? file.toString() : "<stream>") + ": at offset " + offset
                + (tag != null ? ", tag " + tag : "") + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.tag = tag;
        this.reason = reason;
    }

    /** The file, or {@code null} when reading a stream or byte array. */
    public Path file() {
        return file;
    }

    /** The byte offset at which the problem was found. */
    public long offset() {
        return offset;
    }

    /** The tag of the element being read, or {@code null}. */
    public Tag tag() {
        return tag;
    }

    /** The reason alone, without file, offset or tag. */
    public String reason() {
        return reason;
    }
}
