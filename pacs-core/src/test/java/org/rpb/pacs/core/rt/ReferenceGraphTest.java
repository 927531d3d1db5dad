package org.rpb.pacs.core.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.io.DicomReader;

/** The reference graph of a real CT + RTSTRUCT + RTPLAN + RTDOSE study written by pydicom. */
@Tag("external")
class ReferenceGraphTest {

    private static final Path GENERATOR = Path.of("../scripts/testdata/make_rt_study.py");

    @TempDir
    static Path dir;

    private static List<InstanceReferences> study;

    @BeforeAll
    static void writeStudy() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", GENERATOR.toString(), "--out", dir.toString(),
                "--patient-id", "REF-TEST-1", "--patient-name", "Graph^Gina", "--slices", "4")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "the generator failed (needs /usr/bin/python3 with python3-pydicom): " + out);
        study = read(dir);
    }

    @Test
    void rtObjectsReferenceTheSeriesBelowThem() {
        ReferenceGraph graph = ReferenceGraph.of(study);
        String ct = seriesOf("CT");
        String struct = seriesOf("RTSTRUCT");
        String plan = seriesOf("RTPLAN");
        String dose = seriesOf("RTDOSE");
        assertEquals(Set.of(ct), graph.referencedBy(struct));
        assertEquals(Set.of(struct), graph.referencedBy(plan));
        assertEquals(Set.of(plan), graph.referencedBy(dose));
        assertEquals(Set.of(), graph.referencedBy(ct));
        assertEquals(List.of(struct, plan, dose), graph.rtSeriesInTreeOrder());
    }

    @Test
    void choosingADoseSelectsPlanStructuresAndImages() {
        ReferenceGraph graph = ReferenceGraph.of(study);
        assertEquals(Set.of(seriesOf("RTDOSE"), seriesOf("RTPLAN"), seriesOf("RTSTRUCT"), seriesOf("CT")),
                graph.withReferences(List.of(seriesOf("RTDOSE"))));
        assertEquals(Set.of(seriesOf("CT")), graph.withReferences(List.of(seriesOf("CT"))));
    }

    @Test
    void completeSetHasNoUnresolvedReferenceButItsOwnStudy() {
        ReferenceGraph graph = ReferenceGraph.of(study);
        String studyUid = studyUid();
        assertEquals(Map.of(), graph.unresolved(Set.of(studyUid)));
        assertTrue(graph.unresolved().values().stream().anyMatch(v -> v.contains(studyUid)),
                "the RT Referenced Study Sequence names the study itself");
    }

    @Test
    void structureSetWithoutItsImagesHasUnresolvedReferences() {
        List<InstanceReferences> withoutCt = study.stream().filter(i -> !i.modality().equals("CT")).toList();
        Map<String, Set<String>> unresolved = ReferenceGraph.of(withoutCt).unresolved(Set.of(studyUid()));
        String structInstance = withoutCt.stream().filter(i -> i.modality().equals("RTSTRUCT"))
                .findFirst().orElseThrow().sopInstanceUid();
        assertEquals(Set.of(structInstance), unresolved.keySet());
        Set<String> ctInstances = new java.util.HashSet<>();
        study.stream().filter(i -> i.modality().equals("CT")).forEach(i -> ctInstances.add(i.sopInstanceUid()));
        assertTrue(unresolved.get(structInstance).containsAll(ctInstances), "every contour image is missing");
        assertTrue(unresolved.get(structInstance).contains(seriesOf("CT")), "the referenced series is missing");
    }

    private static String seriesOf(String modality) {
        return study.stream().filter(i -> i.modality().equals(modality)).findFirst().orElseThrow()
                .seriesInstanceUid();
    }

    private static String studyUid() {
        try {
            return DicomReader.create().readHeaderSummary(dir.resolve("CT001.dcm")).studyInstanceUid();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<InstanceReferences> read(Path folder) throws IOException {
        List<InstanceReferences> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                DataSet ds = DicomReader.create().read(f).dataSet();
                result.add(InstanceReferences.of(ds));
            }
        }
        return result;
    }
}
