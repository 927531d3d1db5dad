package org.rpb.pacs.core.io;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;

/**
 * Receives a data set element by element from {@link DicomReader#stream}, for callers that do not want a tree.
 * Leaf elements arrive whole (bytes, or a {@code BulkData} reference for values above the reader's threshold, or
 * {@code Fragments}); sequences arrive as start/end events around their items. Offsets are byte offsets of the
 * element or item header in the file (in the inflated stream for deflated files).
 */
public interface DicomVisitor {

    /** Whether to go on reading. */
    enum Action { CONTINUE, STOP }

    /** The file meta information has been read (empty for files without it). */
    default Action fileMeta(DataSet fileMeta, TransferSyntax transferSyntax) {
        return Action.CONTINUE;
    }

    /** A leaf element at nesting depth {@code depth} (0 for the top level). */
    default Action element(DataElement element, int depth, long offset) {
        return Action.CONTINUE;
    }

    /**
     * A sequence starts.
     *
     * @param length the value length, or -1 for undefined length
     * @param implicitItems true if its items are implicit VR little endian (a UN sequence in an explicit VR file)
     */
    default Action startSequence(Tag tag, VR vr, long length, boolean implicitItems, int depth, long offset) {
        return Action.CONTINUE;
    }

    /** An item starts; {@code length} is -1 for undefined length. Its elements come at depth + 1. */
    default Action startItem(int depth, long length, long offset) {
        return Action.CONTINUE;
    }

    /** The current item ends. */
    default void endItem(int depth) {
    }

    /** The current sequence ends. */
    default void endSequence(int depth) {
    }
}
