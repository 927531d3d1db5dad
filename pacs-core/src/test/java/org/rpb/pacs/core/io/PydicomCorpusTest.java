package org.rpb.pacs.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.cli.PacsDicomTool;
import org.rpb.pacs.core.data.BulkData;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Fragments;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Dictionary;
import org.rpb.pacs.core.dict.DictionaryEntry;

/**
 * Every one of pydicom's 94 files is either accepted, copied byte for byte and read to the same elements as
 * pydicom and dcmdump read, or refused with file, offset and tag, and the refusal is one of the justified ones.
 */
@Tag("external")
class PydicomCorpusTest {

    /**
     * The files the codec refuses, each with why the file is damaged. Anything else must be accepted.
     */
    static final Map<String, String> REFUSED = Map.of(
            "MR_truncated.dcm", "truncated: the Pixel Data length (8192) runs past the end of the file",
            "rtplan_truncated.dcm", "truncated: a value inside a sequence runs past the end of the file",
            "no_meta.dcm", "garbage: the file starts one byte into an element (a stray 0x20 before (0008,0005)); "
                    + "dcmdump refuses it too and pydicom reads it only with force=True, as one meaningless element",
            "SC_rgb_jpeg.dcm", "the data set is implicit VR although the file meta information declares the explicit "
                    + "VR transfer syntax JPEG Baseline; dcmdump refuses it too");

    /** Text VRs whose decoded strings are compared with pydicom (the ones the specific character set affects). */
    private static final String PYTHON = String.join("\n",
            "import sys, json, hashlib, warnings",
            "warnings.simplefilter('ignore')",
            "import pydicom",
            "from pydicom.dataelem import RawDataElement",
            "TEXT = {'PN', 'LO', 'SH', 'LT', 'ST', 'UT', 'UC'}",
            "def walk(ds, depth, out):",
            "    for tag in list(ds.keys()):",
            "        raw = ds.get_item(tag)",
            "        elem = ds[tag]",
            "        if elem.VR == 'SQ':",
            "            out.append([depth, int(tag), 'SQ', -1, '', None, len(elem.value)])",
            "            for item in elem.value:",
            "                out.append([depth, -1, 'ITEM', -1, '', None, len(item)])",
            "                walk(item, depth + 1, out)",
            "            continue",
            "        vr = str(getattr(elem.VR, 'value', elem.VR))",
            "        v = elem.value",
            "        if isinstance(raw, RawDataElement):",
            "            rv = raw.value if raw.value is not None else b''",
            "        elif isinstance(v, bytes):",
            "            rv = v",
            "        elif v is None or v == '' or (isinstance(v, list) and len(v) == 0):",
            "            rv = b''",
            "        else:",
            "            rv = None",  // already converted by pydicom (file meta, character set): compared as text
            "        h = hashlib.sha1(rv).hexdigest() if rv is not None else 'converted'",
            "        text = None",
            "        if (vr in TEXT or rv is None) and v is not None and not isinstance(v, bytes):",
            "            text = '\\\\'.join(str(x) for x in v) if isinstance(v, pydicom.multival.MultiValue) else str(v)",
            "        out.append([depth, int(tag), vr, len(rv) if rv is not None else -1, h, text, None])",
            "for line in sys.stdin:",
            "    f = line.strip()",
            "    res = {'file': f}",
            "    try:",
            "        ds = pydicom.dcmread(f, force=True)",
            "        out = []",
            "        walk(ds.file_meta, 0, out)",
            "        walk(ds, 0, out)",
            "        res['elements'] = out",
            "    except Exception as e:",
            "        res['error'] = type(e).__name__",
            "    print(json.dumps(res))");

    private static List<Path> files;
    private static final Map<Path, DicomFile> accepted = new LinkedHashMap<>();
    private static final Map<Path, DicomParseException> refused = new LinkedHashMap<>();

    @BeforeAll
    static void readAll() throws IOException {
        files = Peers.pydicomFiles();
        DicomReader reader = DicomReader.create();
        for (Path f : files) {
            try {
                accepted.put(f, reader.read(f));
            } catch (DicomParseException e) {
                refused.put(f, e);
            }
        }
    }

    @Test
    void all94FilesAreAcceptedOrRefusedForAJustifiedReason() {
        assertEquals(94, files.size(), "pydicom ships 94 .dcm files");
        Map<String, String> refusedNames = new TreeMap<>();
        for (Map.Entry<Path, DicomParseException> e : refused.entrySet()) {
            DicomParseException x = e.getValue();
            refusedNames.put(e.getKey().getFileName().toString(), x.getMessage());
            assertEquals(e.getKey(), x.file(), "the exception names the file");
            assertTrue(x.offset() >= 0, "the exception names an offset");
            assertTrue(x.getMessage().contains("offset " + x.offset()), x.getMessage());
        }
        assertEquals(new TreeMap<>(REFUSED).keySet(), refusedNames.keySet(),
                "refused files (with reasons: " + refusedNames + ")");
        assertEquals(90, accepted.size());
        // the truncated ones are refused at the element whose value is cut off
        assertEquals("(7FE0,0010)", refused.get(Peers.testFile("MR_truncated.dcm")).tag().toString());
        assertNotNull(refused.get(Peers.testFile("rtplan_truncated.dcm")).tag());
    }

    @Test
    void everyAcceptedFileRoundTripsThroughCopyByteForByte(@TempDir Path tmp) throws IOException {
        List<String> different = new ArrayList<>();
        int i = 0;
        for (Path f : accepted.keySet()) {
            Path out = tmp.resolve("copy" + (i++) + ".dcm");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = PacsDicomTool.run(new String[] {"copy", f.toString(), out.toString()},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
            assertEquals(0, status, f + ": " + err);
            long mismatch = Files.mismatch(f, out);
            if (mismatch != -1) {
                different.add(f + " differs at byte " + mismatch);
            }
        }
        assertEquals(List.of(), different);
        assertEquals(90, i);
    }

    @Test
    void refusedFilesMakeCopyExitWith1AndTheReasonOnStderr(@TempDir Path tmp) {
        for (Path f : refused.keySet()) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = PacsDicomTool.run(new String[] {"copy", f.toString(), tmp.resolve("x.dcm").toString()},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
            assertEquals(1, status, f.toString());
            String msg = err.toString(StandardCharsets.UTF_8);
            assertTrue(msg.contains(f.toString()) && msg.contains("offset"), msg);
        }
    }

    @Test
    void elementsMatchPydicom() throws Exception {
        Peers.requirePython();
        StringBuilder in = new StringBuilder();
        for (Path f : accepted.keySet()) {
            in.append(f).append('\n');
        }
        String out = Peers.run(List.of(Peers.PYTHON.toString(), "-c", PYTHON), in.toString(), 300);
        List<String> problems = new ArrayList<>();
        int compared = 0;
        long elements = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> res = MiniJson.parseObject(line);
            Path f = Path.of((String) res.get("file"));
            DicomFile d = accepted.get(f);
            assertNotNull(d, "pydicom answered for an unknown file " + f);
            if (res.containsKey("error")) {
                problems.add(f + ": pydicom failed (" + res.get("error") + ") where we accepted");
                continue;
            }
            @SuppressWarnings("unchecked")
            List<List<Object>> theirs = (List<List<Object>>) res.get("elements");
            List<Object[]> ours = new ArrayList<>();
            flatten(d.fileMeta(), 0, ours);
            flatten(d.dataSet(), 0, ours);
            elements += ours.size();
            compare(f, ours, theirs, problems);
            compared++;
        }
        assertEquals(accepted.size(), compared, "pydicom compared every accepted file");
        assertTrue(elements > 5000, "compared " + elements + " elements");
        assertEquals(List.of(), problems);
    }

    private static void compare(Path f, List<Object[]> ours, List<List<Object>> theirs, List<String> problems) {
        if (ours.size() != theirs.size()) {
            problems.add(f + ": " + ours.size() + " elements, pydicom " + theirs.size());
        }
        for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
            Object[] o = ours.get(i);
            List<Object> t = theirs.get(i);
            String where = f.getFileName() + " #" + i + " " + (((Number) t.get(1)).intValue() < 0 ? "item"
                    : org.rpb.pacs.core.data.Tag.toString(((Number) t.get(1)).intValue()));
            if (((Number) o[0]).intValue() != ((Number) t.get(0)).intValue()
                    || ((Number) o[1]).intValue() != ((Number) t.get(1)).intValue()) {
                problems.add(where + ": we have tag " + org.rpb.pacs.core.data.Tag.toString((int) o[1]) + " at depth " + o[0]);
                return;
            }
            String ourVr = (String) o[2];
            String theirVr = (String) t.get(2);
            if (!vrCompatible(((Number) o[1]).intValue(), ourVr, theirVr)) {
                problems.add(where + ": VR " + ourVr + " vs pydicom " + theirVr);
            }
            if ("SQ".equals(theirVr) || "ITEM".equals(theirVr)) {
                if (o[6] == null || ((Number) o[6]).intValue() != ((Number) t.get(6)).intValue()) {
                    problems.add(where + ": " + o[6] + " items/elements vs pydicom " + t.get(6));
                }
                continue;
            }
            boolean converted = "converted".equals(t.get(4));
            if (!converted && (((Number) o[3]).longValue() != ((Number) t.get(3)).longValue() || !o[4].equals(t.get(4)))) {
                problems.add(where + ": value differs (length " + o[3] + " vs " + t.get(3) + ")");
            }
            if (converted && o[7] == null) {
                problems.add(where + ": pydicom decoded a value we cannot show as text");
            }
            String ourText = (String) (converted ? o[7] : o[5]);
            // UN values (pydicom applies the dictionary VR to them) are compared by their bytes only
            if (t.get(5) != null && !"UN".equals(o[2]) && !normalise((String) t.get(5)).equals(normalise(ourText))) {
                problems.add(where + ": text '" + o[5] + "' vs pydicom '" + t.get(5) + "'");
            }
        }
    }

    /** pydicom drops trailing empty name components and strips values; both are presentation, not content. */
    static String normalise(String s) {
        if (s == null) {
            return "";
        }
        String[] parts = s.split("\\\\", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            while (p.endsWith("=") || p.endsWith("^")) {
                p = p.substring(0, p.length() - 1);
            }
            sb.append(i > 0 ? "\\" : "").append(p);
        }
        return sb.toString();
    }

    /**
     * Where VRs may legitimately differ: implicit VR (we take the dictionary's first VR, pydicom resolves "US or
     * SS" and "OB or OW" from other elements) and UN (pydicom replaces UN by the dictionary VR; a UN sequence of
     * undefined length is SQ for pydicom).
     */
    static boolean vrCompatible(int tag, String ours, String theirs) {
        if (ours.equals(theirs) || "ITEM".equals(theirs)) {
            return true;
        }
        if ("UN".equals(ours)) {
            return true;
        }
        DictionaryEntry d = Dictionary.standard().entry(tag);
        if (d != null && d.vrs().size() > 1) {
            for (VR v : d.vrs()) {
                if (v.name().equals(theirs)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Our elements as rows like pydicom's: depth, tag, VR, length, sha1 of raw value, decoded text, count. */
    static void flatten(DataSet ds, int depth, List<Object[]> out) throws IOException {
        for (DataElement e : withoutDuplicates(ds, true)) {
            int tag = e.tag().value();
            if (e.isSequence()) {
                out.add(new Object[] {depth, tag, "SQ", -1, "", null, e.sequence().size(), null});
                for (DataSet item : e.sequence().items()) {
                    out.add(new Object[] {depth, -1, "ITEM", -1, "", null, item.size(), null});
                    flatten(item, depth + 1, out);
                }
                continue;
            }
            byte[] raw;
            if (e.isBytes()) {
                raw = e.bytes();
            } else if (e.isBulkData()) {
                raw = e.bulkData().readAllBytes();
            } else {
                raw = encapsulated(e.fragments());
            }
            String text = null;
            String anyText = e.vr().isText() || e.vr().isBinary() ? ds.getString(e.tag()) : null;
            if (e.vr() == VR.PN || e.vr() == VR.LO || e.vr() == VR.SH || e.vr() == VR.LT || e.vr() == VR.ST
                    || e.vr() == VR.UT || e.vr() == VR.UC) {
                text = ds.getString(e.tag());
            }
            out.add(new Object[] {depth, tag, e.vr().name(), raw.length, sha1(raw), text, null, anyText});
        }
    }

    /**
     * A tag twice in one data set (palettes/winter.dcm): we keep both and write both back; pydicom keeps the first
     * position with the last value, dcmdump ignores the second.
     */
    static Iterable<DataElement> withoutDuplicates(DataSet ds, boolean lastValueWins) {
        if (ds.isSorted()) {
            return ds;
        }
        Map<Integer, DataElement> m = new LinkedHashMap<>();
        for (DataElement e : ds) {
            if (lastValueWins) {
                m.put(e.tag().value(), e);
            } else {
                m.putIfAbsent(e.tag().value(), e);
            }
        }
        return m.values();
    }

    /** The encapsulated value as pydicom holds it: the items without the sequence delimiter. */
    private static byte[] encapsulated(Fragments f) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        item(b, f.basicOffsetTable());
        for (BulkData frag : f.fragments()) {
            item(b, frag.readAllBytes());
        }
        return b.toByteArray();
    }

    private static void item(ByteArrayOutputStream b, byte[] v) {
        b.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0});
        int n = v.length;
        b.writeBytes(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        b.writeBytes(v);
    }

    static String sha1(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern DCMDUMP_LINE =
            Pattern.compile("^(\\s*)\\(([0-9a-f]{4}),([0-9a-f]{4})\\) (\\S\\S) .*#\\s*(\\S+),");

    @Test
    void elementsMatchDcmdump() throws Exception {
        Peers.requireDcmdump();
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<Path, DicomFile> a : accepted.entrySet()) {
            Peers.Result r = Peers.runRaw(List.of(Peers.DCMDUMP.toString(), "-q", "+L", a.getKey().toString()),
                    null, 60);
            if (r.status != 0) {
                problems.add(a.getKey() + ": dcmdump failed where we accepted: " + r.stderr);
                continue;
            }
            List<String[]> theirs = new ArrayList<>();
            // +L prints text values in full, line breaks included: join continuation lines first
            List<String> lines = new ArrayList<>();
            for (String line : r.stdout.replace('\r', ' ').split("\n")) {
                if (!lines.isEmpty() && !line.isEmpty() && !line.startsWith("#") && !START.matcher(line).find()) {
                    lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line);
                } else {
                    lines.add(line);
                }
            }
            for (String line : lines) {
                Matcher m = DCMDUMP_LINE.matcher(line);
                if (m.find()) {
                    String vr = m.group(4);
                    theirs.add(new String[] {String.valueOf(m.group(1).length() / 2), m.group(2) + m.group(3),
                            vr.equals(vr.toUpperCase()) && !"??".equals(vr) ? vr : "*", m.group(5)});
                }
            }
            List<String[]> ours = new ArrayList<>();
            dumpRows(a.getValue().fileMeta(), 0, true, ours);
            dumpRows(a.getValue().dataSet(), 0, a.getValue().transferSyntax().explicitVr(), ours);
            int i = 0;
            while (i < Math.min(ours.size(), theirs.size()) && sameRow(ours.get(i), theirs.get(i))) {
                i++;
            }
            if (i < ours.size() || i < theirs.size()) {
                problems.add(a.getKey().getFileName() + ": first difference at row " + i + ": ours "
                        + (i < ours.size() ? String.join(" ", ours.get(i)) : "-") + ", dcmdump "
                        + (i < theirs.size() ? String.join(" ", theirs.get(i)) : "-"));
            }
            compared++;
        }
        assertEquals(accepted.size(), compared);
        assertEquals(List.of(), problems);
    }

    private static final Pattern START = Pattern.compile("^\\s*\\([0-9a-f]{4},[0-9a-f]{4}\\) ");

    private static boolean sameRow(String[] o, String[] t) {
        if (!o[0].equals(t[0]) || !o[1].equals(t[1])) {
            return false;
        }
        // dcmdump shows an odd length rounded up to the even length it would write
        if (!o[3].equals(t[3]) && !(o[3].matches("\\d*[13579]") && t[3].equals(String.valueOf(Long.parseLong(o[3]) + 1)))) {
            return false;
        }
        return "*".equals(o[2]) || "*".equals(t[2])
                || vrCompatible((int) Long.parseLong(o[1], 16), o[2], t[2]);
    }

    private static void dumpRows(DataSet ds, int depth, boolean explicit, List<String[]> out) {
        for (DataElement e : withoutDuplicates(ds, false)) {
            String tag = String.format("%08x", e.tag().value());
            String vr = e.vr() == VR.UN ? "*" : e.vr().name();
            if (e.isSequence() && e.vr() == VR.UN && !e.undefinedLength()) {
                // a UN value of defined length is bytes for dcmdump; we read the sequence inside it
                out.add(new String[] {String.valueOf(depth), tag, "*",
                        String.valueOf(DicomWriter.elementLength(e, explicit) - (explicit ? 12 : 8))});
            } else if (e.isSequence()) {
                boolean itemsExplicit = explicit && e.vr() != VR.UN;
                long len = DicomWriter.elementLength(e, explicit) - (explicit ? 12 : 8);
                out.add(new String[] {String.valueOf(depth), tag, "*", e.undefinedLength() ? "u/l" : String.valueOf(len)});
                for (DataSet item : e.sequence().items()) {
                    out.add(new String[] {String.valueOf(depth + 1), "fffee000", "na", item.undefinedLengthItem()
                            ? "u/l" : String.valueOf(DicomWriter.dataSetLength(item, itemsExplicit))});
                    dumpRows(item, depth + 2, itemsExplicit, out);
                    // dcmdump shows the delimiter also for items and sequences of defined length
                    out.add(new String[] {String.valueOf(depth + 1), "fffee00d", "*", "0"});
                }
                out.add(new String[] {String.valueOf(depth), "fffee0dd", "*", "0"});
            } else if (e.isFragments()) {
                Fragments f = e.fragments();
                out.add(new String[] {String.valueOf(depth), tag, vr, "u/l"});
                out.add(new String[] {String.valueOf(depth + 1), "fffee000", "*", String.valueOf(f.basicOffsetTableLength())});
                for (BulkData b : f.fragments()) {
                    out.add(new String[] {String.valueOf(depth + 1), "fffee000", "*", String.valueOf(b.length())});
                }
                out.add(new String[] {String.valueOf(depth), "fffee0dd", "na", "0"});
            } else {
                out.add(new String[] {String.valueOf(depth), tag, vr, String.valueOf(e.length())});
            }
        }
    }
}
