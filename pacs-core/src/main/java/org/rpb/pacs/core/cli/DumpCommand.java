package org.rpb.pacs.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Fragments;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Dictionary;
import org.rpb.pacs.core.dict.DictionaryEntry;
import org.rpb.pacs.core.dict.PrivateTags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dump FILE}: prints the data set like dcmdump: tag, VR, value, length, multiplicity, keyword, nesting. */
@Command(name = "dump", description = "Print the file meta information and data set (private elements of known creators named).")
final class DumpCommand implements Callable<Integer> {

    private static final int MAX_TEXT = 64;
    private static final int MAX_NUMBERS = 8;

    @ParentCommand
    private PacsDicomTool tool;

    @Parameters(paramLabel = "FILE", description = "a DICOM file (Part 10 or a bare data set)")
    private Path file;

    @Override
    public Integer call() {
        PrintStream out = tool.out();
        DicomFile f;
        try {
            f = DicomReader.create().read(file);
        } catch (IOException e) {
            tool.err().println("cannot read: " + e.getMessage());
            return 1;
        }
        out.println("# Dicom-File-Format");
        out.println();
        out.println("# Dicom-Meta-Information-Header");
        out.println("# Used TransferSyntax: Little Endian Explicit");
        dump(f.fileMeta(), 0, true, out);
        out.println();
        out.println("# Dicom-Data-Set");
        out.println("# Used TransferSyntax: " + f.transferSyntax().name());
        dump(f.dataSet(), 0, f.transferSyntax().explicitVr(), out);
        return 0;
    }

    static void dump(DataSet ds, int depth, boolean explicit, PrintStream out) {
        String indent = "  ".repeat(depth);
        for (DataElement read : ds) {
            DictionaryEntry priv = privateEntry(ds, read);
            // an implicit VR file gives private elements no VR: the private dictionary's makes the value readable
            DataElement e = priv != null && read.vr() == VR.UN && priv.vr() != VR.UN && !read.isBulkData()
                    && read.sequence() == null && read.fragments() == null ? read.withVr(priv.vr()) : read;
            String kw = priv != null ? priv.name() : keyword(e);
            Sequence s = e.sequence();
            Fragments fr = e.fragments();
            if (s != null) {
                // a UN sequence (PS3.5 6.2.2) holds implicit VR items
                boolean itemsExplicit = explicit && e.vr() != VR.UN;
                long seqLength = DicomWriter.encodedLength(e, explicit) - (explicit ? 12 : 8);
                line(out, indent, e.tag().toString().toLowerCase(), e.vr().name(),
                        "(Sequence with " + (e.undefinedLength() ? "undefined" : "explicit") + " length #=" + s.size() + ")",
                        e.undefinedLength() ? "u/l" : String.valueOf(seqLength), 1, kw);
                for (DataSet item : s.items()) {
                    line(out, indent + "  ", "(fffe,e000)", "na",
                            "(Item with " + (item.undefinedLengthItem() ? "undefined" : "explicit") + " length #="
                                    + item.size() + ")", item.undefinedLengthItem() ? "u/l"
                                    : String.valueOf(DicomWriter.encodedLength(item, itemsExplicit)), 1, "Item");
                    dump(item, depth + 2, itemsExplicit, out);
                    if (item.undefinedLengthItem()) {
                        line(out, indent + "  ", "(fffe,e00d)", "na", "(ItemDelimitationItem)", "0", 0,
                                "ItemDelimitationItem");
                    }
                }
                if (e.undefinedLength()) {
                    line(out, indent, "(fffe,e0dd)", "na", "(SequenceDelimitationItem)", "0", 0,
                            "SequenceDelimitationItem");
                }
            } else if (fr != null) {
                line(out, indent, e.tag().toString().toLowerCase(), e.vr().name(), "(PixelSequence #="
                        + (fr.fragments().size() + 1) + ")", "u/l", 1, kw);
                line(out, indent + "  ", "(fffe,e000)", "pi", fr.basicOffsetTableLength() == 0 ? "(no value available)"
                        : "(basic offset table)", String.valueOf(fr.basicOffsetTableLength()), 1, "Item");
                for (BulkData b : fr.fragments()) {
                    line(out, indent + "  ", "(fffe,e000)", "pi", where(b), String.valueOf(b.length()), 1, "Item");
                }
                line(out, indent, "(fffe,e0dd)", "na", "(SequenceDelimitationItem)", "0", 0, "SequenceDelimitationItem");
            } else {
                line(out, indent, e.tag().toString().toLowerCase(), e.vr().name(), value(e == read ? ds : alone(ds, e), e),
                        String.valueOf(e.length()), e.multiplicity(), kw);
            }
        }
    }

    private static String where(BulkData b) {
        return b.isInMemory() ? "(" + b.length() + " bytes)" : "(" + b.length() + " bytes at offset " + b.offset() + ")";
    }

    private static void line(PrintStream out, String indent, String tag, String vr, String value, String len, int vm,
                             String kw) {
        String left = indent + tag + " " + vr + " " + value;
        StringBuilder sb = new StringBuilder(left);
        while (sb.length() < 56) {
            sb.append(' ');
        }
        sb.append(" # ").append(String.format("%3s", len)).append(", ").append(vm).append(' ').append(kw);
        out.println(sb);
    }

    /** A data set holding only {@code e}, decoding text with the character set of {@code ds}. */
    private static DataSet alone(DataSet ds, DataElement e) {
        DataSet one = new DataSet();
        one.setInheritedCharacterSet(ds.specificCharacterSet());
        one.append(e);
        return one;
    }

    /**
     * The shipped private dictionary's entry of a private element, found by the creator that
     * reserves its block in the same data set (PS3.5 7.8.1); null if none is known.
     */
    static DictionaryEntry privateEntry(DataSet ds, DataElement e) {
        int t = e.tag().value();
        if (!e.tag().isPrivate() || e.tag().isPrivateCreator() || (t & 0xFFFF) < 0x1000) {
            return null;
        }
        int creatorTag = (t & 0xFFFF0000) | ((t >>> 8) & 0xFF);
        // a damaged creator may be missing, a sequence or bulk data: then no text, and the element stays unnamed
        String creator = ds.getString(org.rpb.pacs.core.data.Tag.of(creatorTag));
        if (creator == null || creator.isBlank()) {
            return null;
        }
        return PrivateTags.dictionary().privateEntry(creator.trim(), t >>> 16, t & 0xFF);
    }

    private static String keyword(DataElement e) {
        if (e.tag().isPrivateCreator()) {
            return "PrivateCreator";
        }
        if (e.tag().isPrivate()) {
            return "PrivateTag";
        }
        DictionaryEntry d = Dictionary.standard().entry(e.tag().value());
        return d == null || d.keyword().isEmpty() ? "Unknown Tag & Data" : d.keyword();
    }

    private static String value(DataSet ds, DataElement e) {
        if (e.isBulkData()) {
            return where(e.bulkData());
        }
        if (e.length() == 0) {
            return "(no value available)";
        }
        VR vr = e.vr();
        if (vr.isText()) {
            String s = ds.getString(e.tag());
            if (s.length() > MAX_TEXT) {
                s = s.substring(0, MAX_TEXT) + "...";
            }
            return "[" + s.replace('\n', '.').replace('\r', '.') + "]";
        }
        if (vr.isBinary()) {
            int n = e.multiplicity();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(n, MAX_NUMBERS); i++) {
                if (i > 0) {
                    sb.append('\\');
                }
                if (vr == VR.FL || vr == VR.FD) {
                    sb.append(e.doubleValue(i));
                } else if (vr == VR.AT) {
                    sb.append(org.rpb.pacs.core.data.Tag.toString((int) e.longValue(i)).toLowerCase());
                } else {
                    sb.append(vr == VR.UV ? Long.toUnsignedString(e.longValue(i)) : Long.toString(e.longValue(i)));
                }
            }
            if (n > MAX_NUMBERS) {
                sb.append("...");
            }
            return sb.toString();
        }
        byte[] b = e.bytes();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 16); i++) {
            if (i > 0) {
                sb.append('\\');
            }
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        if (b.length > 16) {
            sb.append("...");
        }
        return sb.toString();
    }
}
