package org.rpb.pacs.deident.rt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.io.DicomReader;

/**
 * Checks that one set of files (an output folder) is closed under its references: every Referenced SOP
 * Instance UID names an instance of the set (or, inside a Referenced Study / RT Referenced Study Sequence, a
 * study of the set), every referenced Series Instance UID a series, every referenced Frame of Reference UID a
 * frame of reference, and every Referenced Dose Reference UID a Dose Reference UID of the set. This covers
 * RTSTRUCT to CT (Contour Image Sequence, Referenced Frame of Reference, RT Referenced Series), RTPLAN to
 * RTSTRUCT, RTDOSE to RTPLAN, and image references (Referenced Image, Source Image). Stateless.
 */
public final class ReferenceChecker {

    private static final int REF_SOP_INSTANCE = 0x00081155;
    private static final int SERIES = 0x0020000E;
    private static final int STUDY = 0x0020000D;
    private static final int FOR = 0x00200052;
    private static final int REF_FOR = 0x30060024;
    private static final int DOSE_REF = 0x300A0013;
    private static final int REF_DOSE_REF = 0x300A0083;
    private static final Set<Integer> STUDY_SEQUENCES = Set.of(0x30060012, 0x00081110);
    private static final Set<Integer> IGNORED_SEQUENCES = Set.of(0x00081111, 0x00400270, 0x00081250);

    private ReferenceChecker() {
    }

    private static final class Index {
        final Set<String> instances = new HashSet<>();
        final Set<String> studies = new HashSet<>();
        final Set<String> series = new HashSet<>();
        final Set<String> frames = new HashSet<>();
        final Set<String> doseRefs = new HashSet<>();
    }

    /**
     * Checks every DICOM file under a folder.
     *
     * @param dir the folder (searched recursively)
     * @return every unresolved reference, and every DICOM file that cannot be read (kind {@code unreadable});
     *         empty when the set is consistent
     * @throws IOException when the folder cannot be listed
     */
    public static List<UnresolvedReference> check(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(DicomReader::isDicom).sorted().toList();
        }
        DicomReader reader = DicomReader.create();
        List<DataSet> sets = new ArrayList<>();
        Index idx = new Index();
        List<Path> read = new ArrayList<>();
        List<UnresolvedReference> out = new ArrayList<>();
        for (Path f : files) {
            DataSet ds;
            try {
                ds = reader.read(f).dataSet();
            } catch (IOException | RuntimeException e) {
                // a damaged file of the set: reported, and the others are still checked (what it holds or
                // references is unknown, so the set is not consistent)
                out.add(UnresolvedReference.unreadable(f));
                continue;
            }
            read.add(f);
            sets.add(ds);
            add(idx.instances, ds, 0x00080018);
            add(idx.studies, ds, STUDY);
            add(idx.series, ds, SERIES);
            add(idx.frames, ds, FOR);
            collectDoseRefs(ds, idx);
        }
        for (int i = 0; i < read.size(); i++) {
            walk(read.get(i), sets.get(i), "", false, idx, out);
        }
        return out;
    }

    private static void add(Set<String> s, DataSet ds, int tag) {
        String v = ds.getString(Tag.of(tag));
        if (v != null && !v.isBlank()) {
            s.add(v.trim());
        }
    }

    private static void collectDoseRefs(DataSet ds, Index idx) {
        for (DataElement e : ds) {
            if (e.tag().value() == DOSE_REF) {
                add(idx.doseRefs, ds, DOSE_REF);
            }
            Sequence s = e.sequence();
            if (s != null) {
                for (DataSet item : s.items()) {
                    collectDoseRefs(item, idx);
                }
            }
        }
    }

    private static void walk(Path f, DataSet ds, String prefix, boolean inStudySeq, Index idx,
            List<UnresolvedReference> out) {
        boolean nested = !prefix.isEmpty();
        for (DataElement e : ds) {
            int t = e.tag().value();
            String path = prefix + Tag.toString(t);
            Sequence s = e.sequence();
            if (s != null) {
                if (IGNORED_SEQUENCES.contains(t)) {
                    continue; // references to procedure steps and requests, never part of an image set
                }
                for (int i = 0; i < s.size(); i++) {
                    walk(f, s.get(i), path + "[" + i + "]/", STUDY_SEQUENCES.contains(t), idx, out);
                }
                continue;
            }
            String v = ds.getString(e.tag());
            if (v == null || v.isBlank()) {
                continue;
            }
            for (String uid : v.split("\\\\")) {
                uid = uid.trim();
                if (uid.isEmpty()) {
                    continue;
                }
                if (t == REF_SOP_INSTANCE) {
                    if (inStudySeq ? !idx.studies.contains(uid) && !idx.instances.contains(uid)
                            : !idx.instances.contains(uid)) {
                        out.add(new UnresolvedReference(f, path, inStudySeq ? "study" : "instance", uid));
                    }
                } else if (t == SERIES && nested && !idx.series.contains(uid)) {
                    out.add(new UnresolvedReference(f, path, "series", uid));
                } else if ((t == REF_FOR || (t == FOR && nested)) && !idx.frames.contains(uid)) {
                    out.add(new UnresolvedReference(f, path, "frame-of-reference", uid));
                } else if (t == REF_DOSE_REF && !idx.doseRefs.contains(uid)) {
                    out.add(new UnresolvedReference(f, path, "dose-reference", uid));
                }
            }
        }
    }
}
