package org.rpb.pacs.core.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.Fragments;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Dictionary;

/**
 * The element-by-element walk over a data set. Strict: every length must fit the enclosing item and the file,
 * every item must be introduced by an item tag and closed by its delimiter.
 */
final class Parser {

    static final int ITEM = 0xFFFEE000;
    static final int ITEM_DELIMITATION = 0xFFFEE00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    static final int PIXEL_DATA = 0x7FE00010;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    /** The value of every empty element read (an empty array cannot change, so one serves all). */
    private static final byte[] NO_BYTES = new byte[0];
    /** UN values up to this size whose tag the dictionary knows as SQ are tried as sequences. */
    private static final long MAX_UN_SEQUENCE = 16L * 1024 * 1024;

    /** Thrown inside the parser to stop a walk the visitor asked to stop. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private final Source in;
    private final DicomVisitor visitor;
    private final long bulkThreshold;
    private final int stopTag;
    /** Shared Tag objects of the reader, or null. */
    private final TagCache tags;
    /** Loaded on first need (implicit VR, UN): explicit VR files are read without it. */
    private Dictionary dict;
    private int currentTag;

    /**
     * @param stopTag stop before the first top-level element whose tag is at or above this (unsigned), or 0 for
     *                never
     */
    Parser(Source in, DicomVisitor visitor, long bulkThreshold, int stopTag) {
        this(in, visitor, bulkThreshold, stopTag, null);
    }

    /** As above, sharing the Tag objects of {@code tags} (null: a new Tag per element). */
    Parser(Source in, DicomVisitor visitor, long bulkThreshold, int stopTag, TagCache tags) {
        this.in = in;
        this.visitor = visitor;
        this.bulkThreshold = bulkThreshold;
        this.stopTag = stopTag;
        this.tags = tags;
    }

    private Tag tag(int value) {
        return tags != null ? tags.of(value) : Tag.of(value);
    }

    /** Tags of the sequences being read, innermost last: named when the damage is between elements. */
    private int[] openSequences = new int[16];
    private int openCount;

    private Dictionary dict() {
        if (dict == null) {
            dict = Dictionary.standard();
        }
        return dict;
    }

    DicomParseException error(String reason) {
        int tag = currentTag != 0 ? currentTag : openCount > 0 ? openSequences[openCount - 1] : 0;
        String where = currentTag == 0 && tag != 0 ? " (inside this sequence)" : "";
        return new DicomParseException(in.path(), in.position(), tag == 0 ? null : Tag.of(tag), reason + where);
    }

    /**
     * Reads a top-level data set up to the end of the input; returns false if the visitor stopped it.
     */
    boolean readDataSet(boolean explicit, boolean bigEndian) throws DicomParseException {
        try {
            readElements(explicit, bigEndian, -1, false, 0);
            return true;
        } catch (Stop s) {
            return false;
        } catch (EOFException e) {
            throw error("unexpected end of data (truncated)");
        } catch (DicomParseException e) {
            throw e;
        } catch (BoundedInflaterInputStream.InflationLimitException e) {
            throw error(e.getMessage());
        } catch (IOException e) {
            throw new DicomParseException(in.path(), in.position(), currentTag == 0 ? null : Tag.of(currentTag),
                    "read error: " + e.getMessage());
        }
    }

    /**
     * Reads group 0002 elements (explicit VR little endian) until the group ends; used for file meta information.
     *
     * @param end the offset where the group ends if (0002,0000) said so, else -1
     */
    void readMetaElements(long end) throws DicomParseException {
        try {
            while (true) {
                if (end >= 0 ? in.position() >= end : (in.peek(1) != 0x00 || in.peek(0) != 0x02)) {
                    if (end >= 0 && in.position() > end) {
                        throw error("file meta information overruns its group length");
                    }
                    return;
                }
                if (in.atEnd()) {
                    return;
                }
                readElement(true, false, 0, -1);
            }
        } catch (Stop s) {
            // the visitor does not stop file meta information
        } catch (EOFException e) {
            throw error("unexpected end of data in file meta information (truncated)");
        } catch (DicomParseException e) {
            throw e;
        } catch (IOException e) {
            throw error("read error: " + e.getMessage());
        }
    }

    /**
     * @param end             the offset where this item ends (defined length), or -1 for top level / undefined
     * @param untilDelimiter  true inside an item of undefined length
     */
    private void readElements(boolean explicit, boolean bigEndian, long end, boolean untilDelimiter, int depth)
            throws IOException {
        while (true) {
            if (end >= 0) {
                long pos = in.position();
                if (pos == end) {
                    return;
                }
                if (pos > end) {
                    throw error("element runs past the end of its item (item ends at offset " + end + ")");
                }
            } else if (!untilDelimiter && in.atEnd()) {
                return;
            }
            if (depth == 0 && stopTag != 0) {
                int g0 = in.peek(bigEndian ? 1 : 0);
                int g1 = in.peek(bigEndian ? 0 : 1);
                if (g0 >= 0 && g1 >= 0 && Integer.compareUnsigned(((g1 << 8) | g0) << 16, stopTag & 0xFFFF0000) >= 0) {
                    throw new Stop();
                }
            }
            if (!untilDelimiter && end < 0 && in.remaining() < 4) {
                currentTag = 0;
                throw error("trailing " + in.remaining() + " bytes are too short for an element header (truncated)");
            }
            if (readElement(explicit, bigEndian, depth, end)) {
                if (!untilDelimiter) {
                    throw error("item delimitation item outside an item of undefined length");
                }
                return;
            }
        }
    }

    /** Reads one element; returns true if it was an item delimitation item. */
    private boolean readElement(boolean explicit, boolean bigEndian, int depth, long end) throws IOException {
        long headerOffset = in.position();
        int tag = in.tag(bigEndian);
        currentTag = tag;
        if (tag == ITEM_DELIMITATION) {
            long len = in.i32(bigEndian) & 0xFFFFFFFFL;
            if (len != 0) {
                throw error("item delimitation item with non-zero length " + len);
            }
            return true;
        }
        if (tag == ITEM || tag == SEQUENCE_DELIMITATION) {
            throw error("item or sequence delimiter where a data element was expected (broken item delimitation)");
        }
        VR vr;
        long length;
        if (explicit) {
            int c1 = in.u8();
            int c2 = in.u8();
            vr = VR.fromCode(c1, c2);
            if (vr == null) {
                throw error("invalid VR bytes 0x" + Integer.toHexString(c1) + " 0x" + Integer.toHexString(c2)
                        + " (the data is not explicit VR as the transfer syntax requires, or is garbage)");
            }
            if (vr.hasLongHeader()) {
                in.u16(bigEndian);
                length = in.i32(bigEndian) & 0xFFFFFFFFL;
            } else {
                length = in.u16(bigEndian);
            }
        } else {
            VR d = dict().vrOf(tag);
            vr = d == null ? VR.UN : d;
            length = in.i32(bigEndian) & 0xFFFFFFFFL;
        }
        Tag t = tag(tag);
        if (length == UNDEFINED) {
            if (tag == PIXEL_DATA && vr != VR.SQ) {
                readFragments(t, vr, depth, headerOffset, bigEndian);
            } else if (vr == VR.SQ || vr == VR.UN || !explicit) {
                // PS3.5 6.2.2: a UN value of undefined length is a sequence of implicit VR little endian items
                boolean implicitItems = !explicit || vr == VR.UN;
                readSequence(t, vr, -1, implicitItems ? false : explicit, implicitItems ? false : bigEndian,
                        implicitItems, depth, headerOffset, end);
            } else {
                throw error("undefined length is not allowed for VR " + vr);
            }
            return false;
        }
        if (length > in.remaining()) {
            throw error("value length " + length + " runs past the end of the file");
        }
        if (end >= 0 && in.position() + length > end) {
            throw error("value length " + length + " runs past the end of its item (item ends at offset " + end + ")");
        }
        if (vr == VR.SQ) {
            readSequence(t, vr, length, explicit, bigEndian, !explicit, depth, headerOffset, end);
            return false;
        }
        if (vr == VR.UN && length > 0 && length <= MAX_UN_SEQUENCE && dict().vrOf(tag) == VR.SQ) {
            // PS3.5 6.2.2: a sequence that reached us as UN holds implicit VR little endian items; reading it as a
            // sequence keeps its content visible (de-identification must see inside it)
            long valueOffset = in.position();
            byte[] value = in.bytes((int) length);
            if (isImplicitSequence(value, valueOffset, length)) {
                Parser sub = new Parser(Source.ofStream(new ByteArrayInputStream(value), in.path(), valueOffset, 8192),
                        visitor, bulkThreshold, 0, tags);
                sub.readSequence(t, vr, length, false, false, true, depth, headerOffset, -1);
            } else if (visitor.element(DataElement.of(t, vr, value, bigEndian), depth, headerOffset)
                    == DicomVisitor.Action.STOP) {
                throw new Stop();
            }
            currentTag = 0;
            return false;
        }
        DataElement e;
        if (vr.isBulk() && length > bulkThreshold && in.referenceable(length)) {
            long valueOffset = in.position();
            in.skip(length);
            e = DataElement.of(t, vr, BulkData.ofFile(in.path(), valueOffset, length), bigEndian);
        } else if (length > Integer.MAX_VALUE - 16) {
            throw error("value of " + length + " bytes cannot be held in memory");
        } else {
            e = DataElement.of(t, vr, length == 0 ? NO_BYTES : in.bytes((int) length), bigEndian);
        }
        if (visitor.element(e, depth, headerOffset) == DicomVisitor.Action.STOP) {
            throw new Stop();
        }
        currentTag = 0;
        return false;
    }

    private boolean isImplicitSequence(byte[] value, long valueOffset, long length) {
        Parser trial = new Parser(Source.ofStream(new ByteArrayInputStream(value), in.path(), valueOffset, 8192),
                new DicomVisitor() { }, Long.MAX_VALUE, 0);
        try {
            trial.readSequence(Tag.of(currentTag), VR.UN, length, false, false, true, 0, valueOffset, -1);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void readSequence(Tag t, VR vr, long length, boolean explicit, boolean bigEndian, boolean implicitItems,
                              int depth, long headerOffset, long enclosingEnd) throws IOException {
        if (depth >= DicomReader.MAX_SEQUENCE_DEPTH) {
            // bounded recursion: a file of thousands of nested sequences must not exhaust the thread's stack
            currentTag = t.value();
            throw error("sequences nested deeper than " + DicomReader.MAX_SEQUENCE_DEPTH + " levels");
        }
        if (visitor.startSequence(t, vr, length == UNDEFINED ? -1 : length, implicitItems, depth, headerOffset)
                == DicomVisitor.Action.STOP) {
            throw new Stop();
        }
        if (openCount == openSequences.length) {
            openSequences = java.util.Arrays.copyOf(openSequences, openCount * 2);
        }
        openSequences[openCount++] = t.value();
        long seqEnd = length < 0 ? -1 : in.position() + length;
        while (true) {
            if (seqEnd >= 0) {
                long pos = in.position();
                if (pos == seqEnd) {
                    break;
                }
                if (pos > seqEnd) {
                    currentTag = t.value();
                    throw error("item runs past the end of its sequence (sequence ends at offset " + seqEnd + ")");
                }
            }
            long itemOffset = in.position();
            int itemTag = in.tag(bigEndian);
            long itemLength = in.i32(bigEndian) & 0xFFFFFFFFL;
            currentTag = t.value();
            if (itemTag == SEQUENCE_DELIMITATION) {
                if (seqEnd >= 0) {
                    throw error("sequence delimitation item in a sequence of defined length");
                }
                if (itemLength != 0) {
                    throw error("sequence delimitation item with non-zero length " + itemLength);
                }
                break;
            }
            if (itemTag != ITEM) {
                throw error("expected an item tag (FFFE,E000) in the sequence, found " + Tag.toString(itemTag)
                        + " (broken item delimitation)");
            }
            long itemEnd = -1;
            if (itemLength != UNDEFINED) {
                if (itemLength > in.remaining()) {
                    throw error("item length " + itemLength + " runs past the end of the file");
                }
                itemEnd = in.position() + itemLength;
                if (seqEnd >= 0 && itemEnd > seqEnd) {
                    throw error("item length " + itemLength + " runs past the end of its sequence");
                }
            }
            if (visitor.startItem(depth, itemLength == UNDEFINED ? -1 : itemLength, itemOffset)
                    == DicomVisitor.Action.STOP) {
                throw new Stop();
            }
            readElements(explicit, bigEndian, itemEnd, itemLength == UNDEFINED, depth + 1);
            visitor.endItem(depth);
            currentTag = t.value();
        }
        openCount--;
        visitor.endSequence(depth);
        currentTag = 0;
    }

    private void readFragments(Tag t, VR vr, int depth, long headerOffset, boolean bigEndian) throws IOException {
        byte[] bot = null;
        List<BulkData> frags = new ArrayList<>();
        while (true) {
            int itemTag = in.tag(bigEndian);
            long itemLength = in.i32(bigEndian) & 0xFFFFFFFFL;
            currentTag = t.value();
            if (itemTag == SEQUENCE_DELIMITATION) {
                if (itemLength != 0) {
                    throw error("sequence delimitation item with non-zero length " + itemLength);
                }
                break;
            }
            if (itemTag != ITEM) {
                throw error("expected a fragment item (FFFE,E000) in encapsulated pixel data, found "
                        + Tag.toString(itemTag));
            }
            if (itemLength == UNDEFINED) {
                throw error("fragment item of undefined length");
            }
            if (itemLength > in.remaining()) {
                throw error("fragment length " + itemLength + " runs past the end of the file");
            }
            if (bot == null) {
                if (itemLength > Integer.MAX_VALUE - 16) {
                    throw error("basic offset table too large");
                }
                bot = in.bytes((int) itemLength);
            } else if (itemLength > bulkThreshold && in.referenceable(itemLength)) {
                long off = in.position();
                in.skip(itemLength);
                frags.add(BulkData.ofFile(in.path(), off, itemLength));
            } else {
                if (itemLength > Integer.MAX_VALUE - 16) {
                    throw error("fragment too large for memory");
                }
                frags.add(BulkData.ofBytes(in.bytes((int) itemLength)));
            }
        }
        if (bot == null) {
            throw error("encapsulated pixel data without a basic offset table item");
        }
        DataElement e = DataElement.of(t, vr, new Fragments(bot, frags));
        if (visitor.element(e, depth, headerOffset) == DicomVisitor.Action.STOP) {
            throw new Stop();
        }
        currentTag = 0;
    }
}
