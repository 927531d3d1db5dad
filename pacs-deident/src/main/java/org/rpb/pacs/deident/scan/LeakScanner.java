package org.rpb.pacs.deident.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;

/**
 * Searches de-identified files for the original identifiers of a patient (names, IDs, birth date, accession
 * numbers...): every value of every element at any depth (text decoded with the file's character set; binary,
 * private and unknown values as bytes in ASCII/Latin-1, UTF-8 and UTF-16), the preamble and the file meta
 * information. Pixel Data is skipped unless asked for, because long binary runs match short numbers by chance.
 * Immutable and thread-safe.
 *
 * <p>Forms searched for each identifier, ignoring case: the identifier itself; for a person name
 * ({@code ^}-separated) its components of four characters or more anywhere, its components of two or three
 * characters ("DOE", "LI") as whole words of text values (not inside a longer word, not in binary values, where
 * two letters match by chance), and the forms "GIVEN FAMILY" and "FAMILY, GIVEN"; for an 8-digit date YYYYMMDD
 * the forms YYYY-MM-DD, DD.MM.YYYY and MM/DD/YYYY. An identifier made only of digits counts when it is a number
 * of its own, and, when it has six digits or more, also inside a longer number of fewer than
 * {@value #LONG_NUMBER} digits (a birth date inside a DT, a Patient ID inside a padded number); the numbers of
 * {@code 2.25.} UIDs (39 digits) are long enough to hold any short number by chance and are not searched that
 * way. Name components are not searched in coded values (CS, Code Value, Coding Scheme Designator), where short
 * words such as "TEST" are codes; whole identifiers are searched everywhere.
 */
public final class LeakScanner {

    /**
     * @param word matched only as a whole word of a text value (short name components)
     */
    private record Needle(int identifier, String form, String text, boolean digitsOnly, boolean word) {
    }

    /** A digit run this long or longer (a {@code 2.25.} UID's number) is not searched for shorter numbers. */
    static final int LONG_NUMBER = 20;

    private final List<Needle> needles;
    private final boolean includePixelData;

    private LeakScanner(List<Needle> needles, boolean includePixelData) {
        this.needles = List.copyOf(needles);
        this.includePixelData = includePixelData;
    }

    /**
     * @param identifiers the original identifiers (blank ones are ignored)
     * @return a scanner that skips Pixel Data
     */
    public static LeakScanner of(List<String> identifiers) {
        return of(identifiers, false);
    }

    /**
     * @param identifiers the original identifiers (blank ones are ignored)
     * @param includePixelData whether to search Pixel Data too
     * @return the scanner
     */
    public static LeakScanner of(List<String> identifiers, boolean includePixelData) {
        List<Needle> n = new ArrayList<>();
        for (int i = 0; i < identifiers.size(); i++) {
            String id = identifiers.get(i) == null ? "" : identifiers.get(i).trim();
            if (id.length() < 2) {
                continue;
            }
            int num = i + 1;
            Set<String> seen = new LinkedHashSet<>();
            add(n, seen, num, "text", id);
            if (id.indexOf('^') >= 0 || id.indexOf('=') >= 0) {
                for (String part : id.split("[=^]")) {
                    // ideographic names are short: two characters already name someone
                    if (part.trim().length() >= 4 || (part.trim().length() >= 2 && part.trim().codePointAt(0) >= 0x2E80)) {
                        add(n, seen, num, "name-part", part.trim());
                    }
                }
                String[] c = id.split("=")[0].split("\\^");
                for (String part : c) {
                    if (part.trim().length() >= 4) {
                        add(n, seen, num, "name-part", part.trim());
                    }
                }
                for (String part : id.split("[=^ ]")) {
                    String p = part.trim();
                    if ((p.length() == 2 || p.length() == 3) && p.codePoints().allMatch(Character::isLetter)
                            && p.codePointAt(0) < 0x2E80) {
                        addWord(n, seen, num, p);
                    }
                }
                if (c.length >= 2) {
                    add(n, seen, num, "name-part", c[1].trim() + " " + c[0].trim());
                    add(n, seen, num, "name-part", c[0].trim() + ", " + c[1].trim());
                }
            }
            if (id.matches("(19|20)\\d{6}")) {
                String y = id.substring(0, 4);
                String m = id.substring(4, 6);
                String d = id.substring(6, 8);
                add(n, seen, num, "date-form", y + "-" + m + "-" + d);
                add(n, seen, num, "date-form", d + "." + m + "." + y);
                add(n, seen, num, "date-form", m + "/" + d + "/" + y);
            }
        }
        return new LeakScanner(n, includePixelData);
    }

    private static void add(List<Needle> n, Set<String> seen, int id, String form, String text) {
        String t = text.toUpperCase(Locale.ROOT);
        if (t.length() >= 2 && seen.add(t)) {
            n.add(new Needle(id, form, t, t.chars().allMatch(Character::isDigit), false));
        }
    }

    private static void addWord(List<Needle> n, Set<String> seen, int id, String text) {
        String t = text.toUpperCase(Locale.ROOT);
        if (seen.add(t)) {
            n.add(new Needle(id, "name-part", t, false, true));
        }
    }

    /**
     * Scans a folder (recursively) or one file.
     *
     * @param root a folder or file
     * @return every hit, in file order
     * @throws IOException when the folder cannot be listed
     */
    public List<LeakHit> scan(Path root) throws IOException {
        List<Path> files;
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
        } else {
            files = List.of(root);
        }
        List<LeakHit> hits = new ArrayList<>();
        DicomReader reader = DicomReader.create();
        for (Path f : files) {
            DicomFile df;
            try {
                df = reader.read(f);
            } catch (IOException e) {
                // not DICOM (a manifest, say): its raw bytes are still searched
                bytes(f, "file", Files.readAllBytes(f), hits);
                continue;
            }
            if (df.preamble() != null) {
                bytes(f, "preamble", df.preamble(), hits);
            }
            walk(f, df.fileMeta(), "", hits);
            walk(f, df.dataSet(), "", hits);
        }
        return hits;
    }

    private void walk(Path f, DataSet ds, String prefix, List<LeakHit> hits) throws IOException {
        for (DataElement e : ds) {
            String path = prefix + Tag.toString(e.tag().value());
            Sequence s = e.sequence();
            if (s != null) {
                for (int i = 0; i < s.size(); i++) {
                    walk(f, s.get(i), path + "[" + i + "]/", hits);
                }
                continue;
            }
            int t = e.tag().value();
            boolean pixel = t == Tags.PixelData.value() || t == Tags.FloatPixelData.value()
                    || t == Tags.DoubleFloatPixelData.value();
            if (pixel && !includePixelData) {
                continue;
            }
            if (e.isFragments()) {
                for (var frag : e.fragments().fragments()) {
                    stream(f, path, frag.openStream(), hits);
                }
                continue;
            }
            if (e.isBulkData()) {
                stream(f, path, e.bulkData().openStream(), hits);
                continue;
            }
            byte[] b = e.bytes();
            if (b == null || b.length == 0) {
                continue;
            }
            if (e.vr().isText()) {
                String text;
                try {
                    text = ds.specificCharacterSet().decode(b, e.vr());
                } catch (RuntimeException x) {
                    text = new String(b, StandardCharsets.ISO_8859_1);
                }
                boolean coded = e.vr() == org.rpb.pacs.core.data.VR.CS || t == Tags.CodeValue.value()
                        || t == Tags.CodingSchemeDesignator.value();
                text(f, path, text, coded, hits);
                if (coded) {
                    continue; // the bytes are the same text
                }
            }
            bytes(f, path, b, hits);
        }
    }

    private void stream(Path f, String path, InputStream in, List<LeakHit> hits) throws IOException {
        try (in) {
            // overlapping windows so that a match across a buffer boundary is not missed
            byte[] buf = new byte[1 << 16];
            int keep = 256;
            int have = 0;
            int n;
            while ((n = in.read(buf, have, buf.length - have)) > 0) {
                have += n;
                if (have == buf.length) {
                    bytes(f, path, java.util.Arrays.copyOf(buf, have), hits);
                    System.arraycopy(buf, have - keep, buf, 0, keep);
                    have = keep;
                }
            }
            if (have > 0) {
                bytes(f, path, java.util.Arrays.copyOf(buf, have), hits);
            }
        }
    }

    private void text(Path f, String path, String text, boolean coded, List<LeakHit> hits) {
        String up = text.toUpperCase(Locale.ROOT);
        for (Needle n : needles) {
            if (coded && n.form().equals("name-part")) {
                continue;
            }
            if (find(up, n)) {
                addHit(hits, new LeakHit(f, path, n.identifier(), n.form()));
            }
        }
    }

    private void bytes(Path f, String path, byte[] b, List<LeakHit> hits) {
        String latin = new String(b, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        // UTF-8 only where it differs from Latin-1 (some byte is not ASCII)
        String utf8 = null;
        for (byte x : b) {
            if (x < 0) {
                utf8 = new String(b, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
                break;
            }
        }
        String utf16 = b.length >= 4 ? new String(b, StandardCharsets.UTF_16LE).toUpperCase(Locale.ROOT) : "";
        String utf16odd = b.length >= 5 ? new String(b, 1, b.length - 1, StandardCharsets.UTF_16LE)
                .toUpperCase(Locale.ROOT) : "";
        for (Needle n : needles) {
            if (n.word()) {
                continue; // two or three letters match random bytes by chance: text values only
            }
            if (find(latin, n)) {
                addHit(hits, new LeakHit(f, path, n.identifier(), "bytes"));
            } else if (utf8 != null && find(utf8, n)) {
                addHit(hits, new LeakHit(f, path, n.identifier(), "utf8"));
            } else if (find(utf16, n) || find(utf16odd, n)) {
                addHit(hits, new LeakHit(f, path, n.identifier(), "utf16"));
            }
        }
    }

    private static void addHit(List<LeakHit> hits, LeakHit h) {
        for (LeakHit x : hits) {
            if (x.file().equals(h.file()) && x.path().equals(h.path()) && x.identifier() == h.identifier()) {
                return;
            }
        }
        hits.add(h);
    }

    private static boolean find(String hay, Needle n) {
        int from = 0;
        int len = n.text().length();
        while (true) {
            int i = hay.indexOf(n.text(), from);
            if (i < 0) {
                return false;
            }
            int end = i + len;
            if (n.word()) {
                boolean before = i > 0 && Character.isLetterOrDigit(hay.charAt(i - 1));
                boolean after = end < hay.length() && Character.isLetterOrDigit(hay.charAt(end));
                if (!before && !after) {
                    return true;
                }
            } else if (!n.digitsOnly()) {
                return true;
            } else {
                int start = i;
                while (start > 0 && Character.isDigit(hay.charAt(start - 1))) {
                    start--;
                }
                int stop = end;
                while (stop < hay.length() && Character.isDigit(hay.charAt(stop))) {
                    stop++;
                }
                int run = stop - start;
                if (run == len || (len >= 6 && run < LONG_NUMBER)) {
                    return true;
                }
            }
            from = i + 1;
        }
    }

    /**
     * Reads identifiers from a file, one per line (blank lines ignored).
     *
     * @param file the file
     * @return the identifiers
     * @throws IOException when it cannot be read
     */
    public static List<String> readIdentifiers(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(l.trim());
        }
        return out;
    }
}
