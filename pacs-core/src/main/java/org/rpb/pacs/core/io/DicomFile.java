package org.rpb.pacs.core.io;

import java.nio.file.Path;
import java.util.Objects;

import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.TransferSyntax;

/**
 * A DICOM Part 10 file as read by {@link DicomReader} or assembled for {@link DicomWriter}: the 128-byte preamble
 * (absent for files without one), the file meta information (group 0002), the data set, its transfer syntax and
 * the source file whose bulk data the data set refers to.
 */
public final class DicomFile {

    private final byte[] preamble;
    private final DataSet fileMeta;
    private final DataSet dataSet;
    private final TransferSyntax transferSyntax;
    private final Path source;
    /** Where the (possibly deflated) data set starts in the source file, -1 if unknown. */
    private final long dataSetOffset;
    /** The size of the source file when read, -1 if unknown: sizes the writer's buffer. */
    private final long sourceLength;

    /**
     * @param preamble       the 128-byte preamble, or {@code null} to write none (and no "DICM" prefix)
     * @param fileMeta       the group 0002 elements (may be empty only if {@code preamble} is null)
     * @param dataSet        the data set
     * @param transferSyntax the transfer syntax of {@code dataSet}
     * @param source         the file the data set was read from, or {@code null}
     */
    public DicomFile(byte[] preamble, DataSet fileMeta, DataSet dataSet, TransferSyntax transferSyntax, Path source) {
        this(preamble, fileMeta, dataSet, transferSyntax, source, -1, -1);
    }

    DicomFile(byte[] preamble, DataSet fileMeta, DataSet dataSet, TransferSyntax transferSyntax, Path source,
              long dataSetOffset, long sourceLength) {
        if (preamble != null && preamble.length != 128) {
            throw new IllegalArgumentException("preamble must be 128 bytes");
        }
        this.preamble = preamble == null ? null : preamble.clone();
        this.fileMeta = Objects.requireNonNull(fileMeta);
        this.dataSet = Objects.requireNonNull(dataSet);
        this.transferSyntax = Objects.requireNonNull(transferSyntax);
        this.source = source;
        this.dataSetOffset = dataSetOffset;
        this.sourceLength = sourceLength;
    }

    /** A copy of the 128-byte preamble, or {@code null} for a file without preamble and "DICM" prefix. */
    public byte[] preamble() {
        return preamble == null ? null : preamble.clone();
    }

    /** True if the file has a preamble and "DICM" prefix. */
    public boolean hasPreamble() {
        return preamble != null;
    }

    /** The file meta information (group 0002), mutable; empty for files without it. */
    public DataSet fileMeta() {
        return fileMeta;
    }

    /** The data set, mutable. */
    public DataSet dataSet() {
        return dataSet;
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** The file this was read from, or {@code null}. */
    public Path source() {
        return source;
    }

    /**
     * Where the data set (deflated for a deflated transfer syntax) starts in the source file: after the preamble
     * and file meta information, 0 for a bare data set; -1 for a file not read from disk.
     */
    public long dataSetOffset() {
        return dataSetOffset;
    }

    long sourceLength() {
        return sourceLength;
    }

    @Override
    public String toString() {
        return "DicomFile[" + (source != null ? source : "new") + ", " + transferSyntax + ", " + dataSet + "]";
    }
}
