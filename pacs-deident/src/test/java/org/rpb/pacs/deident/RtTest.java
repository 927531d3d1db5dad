package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.TransferSyntax;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;
import org.rpb.pacs.deident.profile.Action;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rt.ReferenceChecker;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.deident.rt.UnresolvedReference;
import org.rpb.pacs.deident.uid.UidRemapper;

/**
 * RT (behaviours 7, 8, 26, 27): pydicom's rtstruct.dcm, rtplan.dcm and rtdose.dcm, with a CT built from
 * CT_small.dcm at the study, series and frame of reference the structure set references, linked into one set.
 */
class RtTest {

    @TempDir
    Path tmp;

    private static final String STRUCT_STUDY = "1.2.826.0.1.3680043.8.498.2010020400001.2.1";
    private static final String STRUCT_FOR = "1.2.826.0.1.3680043.8.498.2010020400001.2";
    private static final String CT_SOP = "1.2.826.0.1.3680043.8.498.2010020400001.2.1.1.1";
    private static final String DOSE_REF = "1.2.826.0.1.3680043.8.498.777";

    private static String s(DataSet ds, int tag) {
        return ds.getString(Tag.of(tag));
    }

    private static void write(DicomFile src, DataSet ds, Path out) throws Exception {
        DataSet meta = DicomWriter.createFileMeta(s(ds, 0x00080016), s(ds, 0x00080018),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        DicomWriter.create().write(new DicomFile(new byte[128], meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                src.source()), out);
    }

    /** Builds CT, RTSTRUCT, RTPLAN, RTDOSE of one patient that reference each other. */
    private Path[] buildSet(Path dir) throws Exception {
        Files.createDirectories(dir);
        DicomFile structFile = Fixtures.readFile(Fixtures.pydicom("rtstruct.dcm"));
        DataSet struct = structFile.dataSet();
        DataSet refSeries = struct.getSequence(Tag.of(0x30060010)).get(0).getSequence(Tag.of(0x30060012)).get(0)
                .getSequence(Tag.of(0x30060014)).get(0);
        String series = s(refSeries, 0x0020000E);
        DataSet contour = struct.getSequence(Tag.of(0x30060039)).get(0).getSequence(Tag.of(0x30060040)).get(0);
        contour.setSequence(Tag.of(0x30060016), new Sequence(List.of(Planted.item(
                0x00081150, VR.UI, "1.2.840.10008.5.1.4.1.1.2", 0x00081155, VR.UI, CT_SOP))));
        struct.setString(Tag.of(0x00100020), VR.LO, "RTPAT");

        DicomFile ctFile = Fixtures.readFile(Fixtures.pydicom("CT_small.dcm"));
        DataSet ct = ctFile.dataSet();
        ct.setString(Tag.of(0x00100020), VR.LO, "RTPAT");
        ct.setString(Tag.of(0x00080018), VR.UI, CT_SOP);
        ct.setString(Tag.of(0x0020000D), VR.UI, STRUCT_STUDY);
        ct.setString(Tag.of(0x0020000E), VR.UI, series);
        ct.setString(Tag.of(0x00200052), VR.UI, STRUCT_FOR);

        DicomFile planFile = Fixtures.readFile(Fixtures.pydicom("rtplan.dcm"));
        DataSet plan = planFile.dataSet();
        plan.setString(Tag.of(0x00100020), VR.LO, "RTPAT");
        plan.getSequence(Tag.of(0x300C0060)).get(0).setString(Tag.of(0x00081155), VR.UI, s(struct, 0x00080018));
        plan.remove(Tag.of(0x300C0002)); // its Referenced RT Plan Sequence points outside the set
        plan.getSequence(Tag.of(0x300A0010)).get(0).setString(Tag.of(0x300A0013), VR.UI, DOSE_REF);
        plan.getSequence(Tag.of(0x300A0070)).get(0).setSequence(Tag.of(0x300C0050), new Sequence(List.of(
                Planted.item(0x300A0083, VR.UI, DOSE_REF))));
        plan.setString(Tag.of(0x00200052), VR.UI, STRUCT_FOR);

        DicomFile doseFile = Fixtures.readFile(Fixtures.pydicom("rtdose.dcm"));
        DataSet dose = doseFile.dataSet();
        dose.setString(Tag.of(0x00100020), VR.LO, "RTPAT");
        dose.getSequence(Tag.of(0x300C0002)).get(0).setString(Tag.of(0x00081155), VR.UI, s(plan, 0x00080018));
        dose.setString(Tag.of(0x00200052), VR.UI, STRUCT_FOR);

        Path[] out = {dir.resolve("ct.dcm"), dir.resolve("struct.dcm"), dir.resolve("plan.dcm"), dir.resolve("dose.dcm")};
        write(ctFile, ct, out[0]);
        write(structFile, struct, out[1]);
        write(planFile, plan, out[2]);
        write(doseFile, dose, out[3]);
        return out;
    }

    @Test
    void structureSetDeidentifiedInASeparateRunStillResolvesToItsCt() throws Exception {
        Path[] in = buildSet(tmp.resolve("in"));
        assertEquals(List.of(), ReferenceChecker.check(tmp.resolve("in")), "the built set is consistent");
        Path out = tmp.resolve("out");
        SubjectContext ctx = SubjectContext.builder("PID-7", "PID-7").build();
        // two runs, two Deidentifier instances, same project key: "today" the CT, "next month" the RT objects
        Deidentifier.builder().key(Fixtures.KEY).build().deidentifyAll(List.of(in[0]), out, ctx, null);
        BatchResult later = Deidentifier.builder().key(Fixtures.KEY.clone()).build()
                .deidentifyAll(List.of(in[1], in[2], in[3]), out, ctx, null);
        assertEquals(3, later.doneCount(), later.refused().toString());
        assertEquals(List.of(), ReferenceChecker.check(out));
        // the study UID inside an element called Referenced SOP Instance UID maps like the CT's study UID
        DataSet ct = Fixtures.read(Fixtures.dicomFiles(out).stream().filter(p -> {
            try {
                return "CT".equals(s(Fixtures.read(p), 0x00080060));
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow());
        DataSet struct = Fixtures.read(later.instances().get(0).output());
        String refStudy = s(struct.getSequence(Tag.of(0x30060010)).get(0).getSequence(Tag.of(0x30060012)).get(0),
                0x00081155);
        assertEquals(s(ct, 0x0020000D), refStudy);
        // Dose Reference UID and Referenced Dose Reference UID stay equal, and changed
        DataSet plan = Fixtures.read(later.instances().get(1).output());
        String doseRef = s(plan.getSequence(Tag.of(0x300A0010)).get(0), 0x300A0013);
        assertEquals(new UidRemapper(Fixtures.KEY).remap(DOSE_REF), doseRef);
        assertEquals(doseRef, s(plan.getSequence(Tag.of(0x300A0070)).get(0).getSequence(Tag.of(0x300C0050)).get(0),
                0x300A0083));
        // none of the inputs' identifiers is left, and pydicom reads every output
        List<String> ids = new java.util.ArrayList<>(List.of("RTPAT"));
        for (Path p : in) {
            DataSet d = Fixtures.read(p);
            for (int t : new int[] {0x00100010, 0x00100030, 0x00080050, 0x00080090, 0x00200010}) {
                String v = s(d, t);
                if (v != null && v.trim().length() >= 3) {
                    ids.add(v.trim());
                }
            }
        }
        assertEquals(List.of(), org.rpb.pacs.deident.scan.LeakScanner.of(ids).scan(out), "identifiers " + ids.size());
        List<Path> outs = Fixtures.dicomFiles(out);
        assertEquals(4, outs.size());
        assertEquals(4, Fixtures.pydicomReadsAll(outs).lines().filter(l -> l.startsWith("OK")).count());
    }

    @Test
    void checkerReportsEveryReferenceThatDoesNotResolve() throws Exception {
        Path[] in = buildSet(tmp.resolve("in"));
        Files.delete(in[0]); // the CT is missing
        List<UnresolvedReference> u = ReferenceChecker.check(tmp.resolve("in"));
        Set<String> kinds = u.stream().map(UnresolvedReference::kind).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("study", "series", "instance")), u.toString());
        assertTrue(u.stream().anyMatch(x -> x.path().contains("(3006,0016)")), "contour image reference: " + u);
        Files.delete(in[1]); // and the structure set: the plan's reference breaks too
        assertTrue(ReferenceChecker.check(tmp.resolve("in")).stream()
                .anyMatch(x -> x.path().startsWith("(300C,0060)")));
    }

    @Test
    void rtUidRowsAreReplaced() {
        Profile p = Profile.basic();
        for (int t : new int[] {0x300A0013, 0x300A0083, 0x3010003B, 0x300A0700, 0x300A0650, 0x30100006,
            0x30100013, 0x3010000B, 0x30060024, 0x300A0609}) {
            assertEquals(Action.REPLACE_UID, p.actionFor(t, "1.2.840.10008.5.1.4.1.1.481.5"), Tag.toString(t));
        }
    }

    @Test
    void roiNamesFollowTheTableOrAProjectVocabulary() throws Exception {
        Path in = Fixtures.pydicom("rtstruct.dcm");
        SubjectContext ctx = SubjectContext.builder("PID-7", "PID-7").build();
        Path out = tmp.resolve("basic.dcm");
        Deidentifier.builder().key(Fixtures.KEY).build().deidentify(in, out, ctx);
        DataSet ds = Fixtures.read(out);
        DataSet roi = ds.getSequence(Tag.of(0x30060020)).get(1);
        assertEquals("", s(roi, 0x30060026), "ROI Name Z");
        assertNull(roi.get(0x30060028), "ROI Description X");
        assertEquals("ANONYMIZED", s(ds, 0x30060002), "Structure Set Label D");
        assertNull(ds.getSequence(Tag.of(0x30060080)).get(1).get(0x30060085), "ROI Observation Label X");

        Path vocab = tmp.resolve("vocab.json");
        Files.writeString(vocab, "{\"roiNames\": {\"patient\": \"External\", \"isocenter-1\": \"Iso_1\"}}");
        Deidentifier.builder().key(Fixtures.KEY).vocabulary(RoiVocabulary.parse(vocab)).build().deidentify(in, out, ctx);
        ds = Fixtures.read(out);
        Sequence rois = ds.getSequence(Tag.of(0x30060020));
        assertEquals(List.of("External", "Iso_1", ""), rois.items().stream().map(r -> s(r, 0x30060026)).toList());

        Deidentifier.builder().key(Fixtures.KEY).profile(Profile.basic().with(Option.CLEAN_DESCRIPTORS)).build()
                .deidentify(in, out, ctx);
        ds = Fixtures.read(out);
        assertEquals("Isocenter 1", s(ds.getSequence(Tag.of(0x30060020)).get(1), 0x30060026), "C keeps safe names");
        assertEquals(3, ds.getSequence(Tag.of(0x30060020)).size(), "no ROI is lost");
    }

    @Test
    void planLabelAndNameFollowTheTable() throws Exception {
        Path out = tmp.resolve("plan.dcm");
        Deidentifier.builder().key(Fixtures.KEY).build().deidentify(Fixtures.pydicom("rtplan.dcm"), out,
                SubjectContext.builder("PID-7", "PID-7").build());
        DataSet ds = Fixtures.read(out);
        assertEquals("ANONYMIZED", s(ds, 0x300A0002), "RT Plan Label D");
        assertNull(ds.get(0x300A0003), "RT Plan Name X");
        assertNull(ds.get(0x300A0004), "RT Plan Description X");
    }
}
