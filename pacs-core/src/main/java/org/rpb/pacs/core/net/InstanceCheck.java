package org.rpb.pacs.core.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Fragments;
import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;

/**
 * Checks a file that arrived over the network with the pacs-core reader (the whole file is parsed;
 * bulk data stays on disk) and returns the identifiers the receiver needs to correlate it, and with
 * {@link #parse(Path)} the parsed file too, so that whoever takes the instance over need not parse it again.
 */
public final class InstanceCheck {

    /**
     * The identifiers of a checked instance.
     *
     * @param sopClassUid       SOP Class UID
     * @param sopInstanceUid    SOP Instance UID
     * @param studyInstanceUid  Study Instance UID or ""
     * @param seriesInstanceUid Series Instance UID or ""
     * @param transferSyntaxUid transfer syntax of the data set
     */
    public record Header(String sopClassUid, String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid,
                         String transferSyntaxUid) {
    }

    /**
     * A checked instance with its parsed file: the data set in memory, values longer than
     * {@link #BULK_DATA_THRESHOLD} (pixel data) left in the file and read from it when needed.
     *
     * @param header its identifiers
     * @param file   the parsed file; its bulk data refers to the file that was checked
     */
    public record Parsed(Header header, DicomFile file) {
    }

    /**
     * Byte values longer than this stay in the file when {@link #parse(Path)} reads it: the de-identifier's own
     * threshold when it keeps no manifest, so that a parsed file handed on to it holds the same values in memory
     * as its own read would.
     */
    public static final long BULK_DATA_THRESHOLD = 16 * 1024;

    /** Immutable settings; its only state is a pool of read buffers for concurrent reads (no value outlives a read). */
    private static final DicomReader READER = DicomReader.builder().bulkDataThreshold(BULK_DATA_THRESHOLD).build();

    private InstanceCheck() {
    }

    /**
     * Parses a whole Part 10 file.
     *
     * @param file the file
     * @return its identifiers
     * @throws IOException naming file, offset and tag if it is damaged or lacks a SOP Instance UID
     */
    public static Header check(Path file) throws IOException {
        return header(file, DicomReader.create().read(file));
    }

    /**
     * Parses a whole Part 10 file like {@link #check(Path)} and keeps the parse: values longer than
     * {@link #BULK_DATA_THRESHOLD} stay in the file.
     *
     * @param file the file
     * @return its identifiers and the parsed file
     * @throws IOException naming file, offset and tag if it is damaged or lacks a SOP Instance UID
     */
    public static Parsed parse(Path file) throws IOException {
        DicomFile f = READER.read(file);
        return new Parsed(header(file, f), f);
    }

    private static Header header(Path file, DicomFile f) throws IOException {
        HeaderSummary h = HeaderSummary.of(f.dataSet());
        String inst = nz(h.sopInstanceUid());
        if (inst.isEmpty()) {
            throw new IOException(file + ": no SOP Instance UID (0008,0018)");
        }
        return new Header(nz(h.sopClassUid()), inst, nz(h.studyInstanceUid()), nz(h.seriesInstanceUid()),
                f.transferSyntax().uid());
    }

    /**
     * The same parse for a file that was moved (renamed, same content): every bulk data reference to
     * {@code parsed.source()} now names {@code movedTo}. Data sets and items without such a reference are
     * shared with {@code parsed}, the others rebuilt unmodified (as read), so that a writer encodes them
     * byte for byte as it would the original parse.
     *
     * @param parsed  a file as read by {@link #parse(Path)}
     * @param movedTo where its source file is now
     * @return the parse of the moved file
     */
    public static DicomFile relocate(DicomFile parsed, Path movedTo) {
        Path from = parsed.source();
        if (from == null || from.equals(movedTo)) {
            return parsed;
        }
        return new DicomFile(parsed.preamble(), parsed.fileMeta(), relocate(parsed.dataSet(), from, movedTo),
                parsed.transferSyntax(), movedTo);
    }

    private static DataSet relocate(DataSet ds, Path from, Path to) {
        List<DataElement> elements = ds.elements();
        DataElement[] moved = null;
        for (int i = 0; i < elements.size(); i++) {
            DataElement e = elements.get(i);
            DataElement m = relocate(e, from, to);
            if (m != e) {
                if (moved == null) {
                    moved = new DataElement[elements.size()];
                }
                moved[i] = m;
            }
        }
        if (moved == null) {
            return ds;
        }
        // appended, not set: the rebuilt data set is as unmodified as the one read
        DataSet copy = new DataSet();
        copy.setUndefinedLengthItem(ds.undefinedLengthItem());
        for (int i = 0; i < elements.size(); i++) {
            copy.append(moved[i] != null ? moved[i] : elements.get(i));
        }
        return copy;
    }

    private static DataElement relocate(DataElement e, Path from, Path to) {
        if (e.isBulkData()) {
            BulkData b = e.bulkData();
            return b.isInMemory() || !from.equals(b.file()) ? e
                    : DataElement.of(e.tag(), e.vr(), BulkData.ofFile(to, b.offset(), b.length()), e.bigEndian());
        }
        if (e.isFragments()) {
            List<BulkData> parts = new ArrayList<>();
            boolean any = false;
            for (BulkData b : e.fragments().fragments()) {
                boolean here = !b.isInMemory() && from.equals(b.file());
                any |= here;
                parts.add(here ? BulkData.ofFile(to, b.offset(), b.length()) : b);
            }
            return any ? DataElement.of(e.tag(), e.vr(), new Fragments(e.fragments().basicOffsetTable(), parts)) : e;
        }
        if (e.isSequence()) {
            List<DataSet> items = e.sequence().items();
            List<DataSet> moved = new ArrayList<>(items.size());
            boolean any = false;
            for (DataSet item : items) {
                DataSet m = relocate(item, from, to);
                any |= m != item;
                moved.add(m);
            }
            return any ? DataElement.of(e.tag(), e.vr(), new Sequence(moved), e.undefinedLength()) : e;
        }
        return e;
    }

    /**
     * A safe file name for an instance: its UID when it is a valid UID, else a hex rendering.
     *
     * @param sopInstanceUid the UID
     * @return {@code <uid>.dcm}
     */
    public static String fileName(String sopInstanceUid) {
        if (isUidLike(sopInstanceUid)) {
            return sopInstanceUid + ".dcm";
        }
        StringBuilder sb = new StringBuilder("x");
        for (byte b : sopInstanceUid.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format("%02x", b));
        }
        return sb + ".dcm";
    }

    /** {@code [0-9.]{1,64}} not starting with a dot, without a regular expression (called for every instance). */
    private static boolean isUidLike(String s) {
        int n = s.length();
        if (n == 0 || n > 64 || s.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }
}
