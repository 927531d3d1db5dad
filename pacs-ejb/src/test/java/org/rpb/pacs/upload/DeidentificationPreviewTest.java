package org.rpb.pacs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.rpb.pacs.admin.AttributeChange;
import org.rpb.pacs.admin.ProfileDraft;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.deident.SubjectContext;

@Tag("external")
class DeidentificationPreviewTest {

    @TempDir
    static Path study;

    @BeforeAll
    static void writeStudy() throws Exception {
        RtStudy.write(study, "PRV-77", "Preview^Paula", 5);
    }

    @Test
    void oneInstancePerSeriesShowsBeforeAndAfterWithoutTouchingTheUpload() throws Exception {
        Map<Path, byte[]> original;
        try (Stream<Path> s = Files.list(study)) {
            original = s.collect(Collectors.toMap(p -> p, p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        UploadContents contents = new UploadInspector(DicomReader.create()).inspect(study);
        SubjectContext subject = SubjectContext.builder("PID-0042", "PID-0042")
                .trialProtocolId("STUDY-7").trialSiteId("DD").trialSubjectId("S-0042").build();

        List<SeriesPreview> previews = new DeidentificationPreview()
                .preview(contents, ProfileDraft.builder().build(), subject);

        assertEquals(List.of("CT", "RTSTRUCT", "RTPLAN", "RTDOSE"),
                previews.stream().map(SeriesPreview::modality).sorted((a, b) -> order(a) - order(b)).toList());
        for (SeriesPreview p : previews) {
            assertTrue(p.result().clean(), p.modality() + ": " + p.result().refusal() + " " + p.result().leaks());
            AttributeChange name = p.result().change("PatientName");
            assertNotNull(name, p.modality() + " has a Patient's Name change");
            assertEquals("Preview^Paula", name.oldValue());
            assertEquals("PID-0042", name.newValue());
            AttributeChange id = p.result().change("PatientID");
            assertEquals("PRV-77", id.oldValue());
            assertEquals("PID-0042", id.newValue());
            AttributeChange studyUid = p.result().change("StudyInstanceUID");
            assertNotEquals(studyUid.oldValue(), studyUid.newValue());
        }
        SeriesPreview ct = previews.stream().filter(p -> p.modality().equals("CT")).findFirst().orElseThrow();
        assertEquals("CT003.dcm", ct.sampleName(), "the middle of five slices");
        for (Map.Entry<Path, byte[]> e : original.entrySet()) {
            assertTrue(java.util.Arrays.equals(e.getValue(), Files.readAllBytes(e.getKey())),
                    e.getKey().getFileName() + " left unchanged");
        }
    }

    private static int order(String modality) {
        return List.of("CT", "RTSTRUCT", "RTPLAN", "RTDOSE").indexOf(modality);
    }
}
