package org.rpb.pacs.core.data;

import java.util.List;

/**
 * Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item, kept byte for byte (possibly empty), and the
 * fragments that follow it, each a {@link BulkData} (usually a region of the source file). Immutable.
 */
public final class Fragments {

    private final byte[] basicOffsetTable;
    private final List<BulkData> fragments;

    /**
     * @param basicOffsetTable the value of the first item, as read (little endian 32-bit offsets, or empty)
     * @param fragments        the following items' values in order
     */
    public Fragments(byte[] basicOffsetTable, List<BulkData> fragments) {
        this.basicOffsetTable = basicOffsetTable.clone();
        this.fragments = List.copyOf(fragments);
    }

    /** A copy of the Basic Offset Table item's value. */
    public byte[] basicOffsetTable() {
        return basicOffsetTable.clone();
    }

    /** The length of the Basic Offset Table item's value. */
    public int basicOffsetTableLength() {
        return basicOffsetTable.length;
    }

    /** The fragments after the Basic Offset Table, unmodifiable. */
    public List<BulkData> fragments() {
        return fragments;
    }

    /** The number of bytes the encoded items take, including item headers and the sequence delimiter. */
    public long encodedLength() {
        long n = 8 + basicOffsetTable.length + 8;
        for (BulkData f : fragments) {
            n += 8 + f.length();
        }
        return n;
    }
}
