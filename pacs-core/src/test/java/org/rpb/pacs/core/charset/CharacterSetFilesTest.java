package org.rpb.pacs.core.charset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.DicomWriter;

/**
 * The 17 character set files (charset_files/*.dcm) decode to the same strings as pydicom decodes, at every depth;
 * replacement text encoded into a data set's character set is decoded back by pydicom to the same string.
 */
@org.junit.jupiter.api.Tag("external")
class CharacterSetFilesTest {

    private static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data/charset_files");

    /** Prints, per file, every decoded text value (tag path = string), one JSON string per line. */
    private static final String PYTHON = String.join("\n",
            "import sys, json, warnings",
            "warnings.simplefilter('ignore')",
            "import pydicom",
            "TEXT = {'PN', 'LO', 'SH', 'LT', 'ST', 'UT', 'UC'}",
            "def walk(ds, path, out):",
            "    for elem in ds:",
            "        p = path + '%08x' % int(elem.tag)",
            "        if elem.VR == 'SQ':",
            "            for i, item in enumerate(elem.value):",
            "                walk(item, p + '[%d]/' % i, out)",
            "        elif elem.VR in TEXT and elem.value is not None:",
            "            v = elem.value",
            "            s = '\\\\'.join(str(x) for x in v) if isinstance(v, pydicom.multival.MultiValue) else str(v)",
            "            out.append(p + ' = ' + s)",
            "for line in sys.stdin:",
            "    f = line.strip()",
            "    out = []",
            "    walk(pydicom.dcmread(f), '', out)",
            "    for o in out:",
            "        print(json.dumps(f + ' ' + o))");

    private static List<Path> files() throws IOException {
        assertTrue(Files.isDirectory(DATA), "pydicom test data missing: apt-get install python3-pydicom");
        try (Stream<Path> s = Files.list(DATA)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().collect(Collectors.toList());
        }
    }

    private static String python(String stdin) throws IOException, InterruptedException {
        Path py = Path.of("/usr/bin/python3");
        assertTrue(Files.isExecutable(py), "/usr/bin/python3 missing: apt-get install python3 python3-pydicom");
        Path out = Files.createTempFile("py", ".out");
        Path err = Files.createTempFile("py", ".err");
        try {
            Process p = new ProcessBuilder(py.toString(), "-c", PYTHON).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pydicom did not finish in 120 s");
            assertEquals(0, p.exitValue(), () -> "pydicom failed: " + read(err));
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void walk(DataSet ds, String path, List<String> out) {
        for (DataElement e : ds) {
            String p = path + String.format("%08x", e.tag().value());
            if (e.isSequence()) {
                for (int i = 0; i < e.sequence().size(); i++) {
                    walk(e.sequence().get(i), p + "[" + i + "]/", out);
                }
            } else if (e.vr() == VR.PN || e.vr() == VR.LO || e.vr() == VR.SH || e.vr() == VR.LT || e.vr() == VR.ST
                    || e.vr() == VR.UT || e.vr() == VR.UC) {
                out.add(p + " = " + ds.getString(e.tag()));
            }
        }
    }

    /** JSON string lines as printed by Python's json.dumps (ASCII with \\u escapes). */
    private static String unjson(String line) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < line.length() - 1; i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                char n = line.charAt(++i);
                switch (n) {
                    case 'u': sb.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16)); i += 4; break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    default: sb.append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** pydicom strips each value and drops trailing empty name components; that is presentation. */
    private static String normalise(String s) {
        int eq = s.indexOf(" = ");
        String head = s.substring(0, eq + 3);
        String[] parts = s.substring(eq + 3).split("\\\\", -1);
        StringBuilder sb = new StringBuilder(head);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            while (p.endsWith("=") || p.endsWith("^")) {
                p = p.substring(0, p.length() - 1);
            }
            sb.append(i > 0 ? "\\" : "").append(p);
        }
        return sb.toString();
    }

    @Test
    void seventeenFilesDecodeLikePydicom() throws Exception {
        List<Path> files = files();
        assertEquals(17, files.size(), "charset_files holds 17 DICOM files");
        StringBuilder in = new StringBuilder();
        List<String> ours = new ArrayList<>();
        DicomReader reader = DicomReader.create();
        for (Path f : files) {
            in.append(f).append('\n');
            List<String> values = new ArrayList<>();
            walk(reader.read(f).dataSet(), "", values);
            for (String v : values) {
                ours.add(normalise(f + " " + v));
            }
        }
        List<String> theirs = new ArrayList<>();
        for (String line : python(in.toString()).split("\n")) {
            if (!line.isBlank()) {
                theirs.add(normalise(unjson(line)));
            }
        }
        assertTrue(theirs.size() > 150, "pydicom gave " + theirs.size() + " text values");
        java.util.Map<String, String> ourValues = new java.util.LinkedHashMap<>();
        for (String o : ours) {
            ourValues.put(o.substring(0, o.indexOf(" = ")), o);
        }
        int compared = 0;
        for (String t : theirs) {
            String key = t.substring(0, t.indexOf(" = "));
            String o = ourValues.get(key);
            if (o == null) {
                // pydicom knows some private dictionaries; to us those implicit VR private elements are UN bytes
                String tag = key.substring(key.length() - 8);
                assertEquals(1, Integer.parseInt(tag.substring(0, 4), 16) & 1, "missing public text " + key);
                continue;
            }
            assertEquals(t, o);
            compared++;
        }
        assertEquals(ours.size(), compared, "every text value we decode was compared");
    }

    @Test
    void decodesTheStandardsExamples() throws IOException {
        DicomReader r = DicomReader.create();
        assertEquals("Yamada^Tarou=山田^太郎=やまだ^たろう",
                r.read(DATA.resolve("chrH31.dcm")).dataSet().getString(Tags.PatientName));
        assertEquals("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
                r.read(DATA.resolve("chrH32.dcm")).dataSet().getString(Tags.PatientName));
        assertEquals("Hong^Gildong=洪^吉洞=홍^길동",
                r.read(DATA.resolve("chrI2.dcm")).dataSet().getString(Tags.PatientName));
        assertEquals("Wang^XiaoDong=王^小东=", r.read(DATA.resolve("chrX2.dcm")).dataSet().getString(Tags.PatientName));
        assertEquals("Διονυσιος", r.read(DATA.resolve("chrGreek.dcm")).dataSet().getString(Tags.PatientName));
        // an item without its own (0008,0005) inherits the enclosing data set's
        DataSet sq = r.read(DATA.resolve("chrSQEncoding1.dcm")).dataSet();
        DataSet item = sq.getSequence(Tag.of(0x00321064)).get(0);
        assertEquals("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", item.getString(Tags.PatientName));
    }

    @Test
    void encodesReplacementTextThatPydicomDecodesBack(@TempDir Path tmp) throws Exception {
        String[][] cases = {
                {"chrH32.dcm", "ﾃｽﾄ^ﾀﾛｳ=試験^太郎=しけん^たろう"},
                {"chrI2.dcm", "Kim^Minsu=金^民洙=김^민수"},
                {"chrX2.dcm", "Li^Hua=李^华"},
                {"chrX1.dcm", "Müller^Ærøskøbing=ミュラー"},
                {"chrGreek.dcm", "Αλέξανδρος"},
                {"chrRuss.dcm", "Иванов^Пётр"},
                {"chrArab.dcm", "خالد"},
                {"chrHbrw.dcm", "כהן^שרה"},
        };
        StringBuilder in = new StringBuilder();
        DicomReader r = DicomReader.create();
        for (String[] c : cases) {
            DicomFile f = r.read(DATA.resolve(c[0]));
            f.dataSet().setString(Tags.PatientName, VR.PN, c[1]);
            assertEquals(c[1], f.dataSet().getString(Tags.PatientName), c[0]);
            Path out = tmp.resolve(c[0]);
            DicomWriter.create().write(f, out);
            assertEquals(c[1], r.read(out).dataSet().getString(Tags.PatientName), c[0]);
            in.append(out).append('\n');
        }
        List<String> names = new ArrayList<>();
        for (String line : python(in.toString()).split("\n")) {
            String s = unjson(line);
            if (s.contains(" 00100010 = ")) {
                names.add(s.substring(s.indexOf(" = ") + 3));
            }
        }
        List<String> expected = new ArrayList<>();
        for (String[] c : cases) {
            expected.add(c[1]);
        }
        assertEquals(expected, names);
    }

    @Test
    void refusesTextTheCharacterSetCannotHold() {
        SpecificCharacterSet latin1 = SpecificCharacterSet.of("ISO_IR 100");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> latin1.encode("山田", VR.PN));
        assertFalse(e.getMessage().contains("山田"), "the message must not repeat the text");
        assertThrows(IllegalArgumentException.class, () -> SpecificCharacterSet.DEFAULT.encode("Jérôme", VR.PN));
        assertArrayEquals("Buc^J\u00e9r\u00f4me".getBytes(StandardCharsets.ISO_8859_1), latin1.encode("Buc^Jérôme", VR.PN));
        assertTrue(SpecificCharacterSet.of("", "ISO 2022 IR 87").canEncode("山田^太郎"));
        assertFalse(SpecificCharacterSet.of("", "ISO 2022 IR 87").canEncode("홍길동"));
    }

    @Test
    void iso2022EncodingReturnsToAsciiBeforeDelimiters() {
        SpecificCharacterSet jp = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        byte[] b = jp.encode("山田^太郎", VR.PN);
        String raw = new String(b, StandardCharsets.ISO_8859_1);
        assertEquals("\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B", raw);
        assertEquals("山田^太郎", jp.decode(b, VR.PN));
    }
}
