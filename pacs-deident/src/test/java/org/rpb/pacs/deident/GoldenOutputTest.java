package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.deident.manifest.ManifestEntry;
import org.rpb.pacs.deident.pixel.BurnedInPolicy;
import org.rpb.pacs.deident.pixel.MaskRegion;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.deident.rules.Rules;

/**
 * Freezes the engine's output: a fixed corpus (every pydicom test file: CT, MR, RT Dose/Plan/Struct, SR,
 * waveform, private sequences, odd encodings; plus the planted-PHI file) de-identified under several
 * configurations; the SHA-256 of every output file, of its manifest and crosswalk (or of its refusal) must equal
 * the hashes recorded in {@code golden-hashes.txt}. A refactoring or speed-up that changes one byte fails here.
 *
 * <p>To record the hashes again after an intended change of output, run with {@code -Dgolden.record=true} (it
 * rewrites the resource in the source tree) and commit the difference with a message that says why.
 */
class GoldenOutputTest {

    static final String RESOURCE = "golden-hashes.txt";
    static final Path SOURCE = Path.of("src/test/resources/org/rpb/pacs/deident/" + RESOURCE);

    @TempDir
    Path tmp;

    /** The configurations: name to de-identifier. */
    static Map<String, Deidentifier> configurations() throws Exception {
        Map<String, Deidentifier> m = new LinkedHashMap<>();
        m.put("basic", base().build());
        m.put("modified-dates", base().profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build());
        m.put("clean-descriptors", base().profile(Profile.basic().with(Option.CLEAN_DESCRIPTORS,
                Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.RETAIN_PATIENT_CHARACTERISTICS)).build());
        m.put("clean-structured", base().profile(Profile.basic().with(Option.CLEAN_STRUCTURED_CONTENT,
                Option.CLEAN_DESCRIPTORS, Option.CLEAN_GRAPHICS)).build());
        m.put("retain-everything", base().profile(Profile.basic().with(Option.RETAIN_SAFE_PRIVATE, Option.RETAIN_UIDS,
                Option.RETAIN_DEVICE_IDENTITY, Option.RETAIN_INSTITUTION_IDENTITY,
                Option.RETAIN_LONGITUDINAL_FULL_DATES, Option.RETAIN_PATIENT_CHARACTERISTICS)).build());
        m.put("safe-private-modified", base().profile(Profile.basic().with(Option.RETAIN_SAFE_PRIVATE,
                Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build());
        m.put("rules-mask-vocabulary", base()
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.CLEAN_DESCRIPTORS))
                .rules(Rules.parse(Path.of("docs/example-rules.json")))
                .vocabulary(RoiVocabulary.of(Map.of("Heart", "Heart", "Lung", "Lungs", "Esophagus", "Esophagus")))
                .burnedIn(BurnedInPolicy.mask(Map.of("SC", List.of(new MaskRegion(0, 0, 3, 2)),
                        "US", List.of(new MaskRegion(0, 0, 4, 4)), "OT", List.of(new MaskRegion(1, 1, 2, 2)))))
                .build());
        m.put("no-manifest", base().manifest(false).groupAgesOver89(false)
                .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).build());
        return m;
    }

    private static Deidentifier.Builder base() {
        return Deidentifier.builder().key(Fixtures.KEY).threads(1);
    }

    static List<Path> corpus(Path tmp) throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Fixtures.PYDICOM)) {
            s.filter(p -> p.toString().endsWith(".dcm")).sorted().forEach(files::add);
        }
        files.add(Planted.write(tmp.resolve("planted.dcm")));
        // files refused for lacking a SOP Instance UID carry private and UN sequences: given one, they are walked
        int n = 0;
        for (String name : List.of("priv_SQ.dcm", "nested_priv_SQ.dcm", "UN_sequence.dcm", "empty_charset_LEI.dcm",
                "no_meta_group_length.dcm")) {
            DicomFile src = Fixtures.readFile(Fixtures.pydicom(name));
            DataSet ds = src.dataSet();
            String sop = "1.2.826.0.1.3680043.2.1125.556." + (++n);
            ds.setString(Tag.of(0x00080016), VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.setString(Tag.of(0x00080018), VR.UI, sop);
            DataSet meta = DicomWriter.createFileMeta("1.2.840.10008.5.1.4.1.1.2", sop, src.transferSyntax(), null);
            Path out = tmp.resolve("with-uid-" + name);
            DicomWriter.create().write(new DicomFile(new byte[128], meta, ds, src.transferSyntax(), src.source()), out);
            files.add(out);
        }
        return files;
    }

    static SubjectContext context() {
        return SubjectContext.builder("PID-0042", "SUBJECT^0042").trialSponsor("RPB").trialProtocolId("P-1")
                .trialProtocolName("Protocol One").trialSiteId("DD").trialSiteName("Dresden")
                .trialSubjectId("S-0042").trialTimePoint("T0").trialTimePointDescription("baseline")
                .studyCode("STUDY0").build();
    }

    /** @return one line per (configuration, file): names and hashes */
    static List<String> hashes(Path tmp) throws Exception {
        List<String> lines = new ArrayList<>();
        List<Path> corpus = corpus(tmp);
        for (Map.Entry<String, Deidentifier> c : configurations().entrySet()) {
            Path dir = Files.createDirectories(tmp.resolve(c.getKey()));
            for (Path in : corpus) {
                Path out = dir.resolve(in.getFileName());
                String name = in.getFileName().toString();
                String line;
                try {
                    InstanceResult r = c.getValue().deidentify(in, out, context());
                    StringBuilder m = new StringBuilder();
                    for (ManifestEntry e : r.manifest()) {
                        m.append(e.toJson()).append('\n');
                    }
                    line = c.getKey() + " " + name + " file=" + sha(Files.readAllBytes(out)) + " manifest="
                            + sha(m.toString().getBytes(StandardCharsets.UTF_8)) + " crosswalk="
                            + sha(r.crosswalk().toJsonLines().getBytes(StandardCharsets.UTF_8));
                } catch (DeidentificationException e) {
                    line = c.getKey() + " " + name + " refused: " + e.getMessage().replace(in.toString(), name)
                            .replace('\n', ' ');
                }
                lines.add(line);
            }
        }
        return lines;
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 16);
    }

    @Test
    void everyOutputByteIsAsRecorded() throws Exception {
        List<String> now = hashes(tmp);
        if (Boolean.getBoolean("golden.record")) {
            Files.write(SOURCE, now, StandardCharsets.UTF_8);
        }
        List<String> recorded = now;
        if (!Boolean.getBoolean("golden.record")) {
            try (var in = GoldenOutputTest.class.getResourceAsStream(RESOURCE)) {
                assertTrue(in != null, RESOURCE + " missing: record it with -Dgolden.record=true");
                recorded = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            }
        }
        assertTrue(now.size() > 8 * 60, "the corpus shrank: " + now.size() + " outputs");
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < Math.max(now.size(), recorded.size()); i++) {
            String a = i < now.size() ? now.get(i) : "(none)";
            String b = i < recorded.size() ? recorded.get(i) : "(none)";
            if (!a.equals(b)) {
                differ.add("now " + a + "\n   recorded " + b);
            }
        }
        assertEquals(List.of(), differ, differ.size() + " outputs differ from the recorded hashes");
    }
}
