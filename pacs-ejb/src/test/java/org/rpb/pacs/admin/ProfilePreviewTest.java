package org.rpb.pacs.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.profile.PrivateAttributePolicy;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.SubjectIdentifier;
import org.rpb.pacs.vocabulary.MatchKind;
import org.rpb.pacs.vocabulary.RoiMapping;
import org.rpb.pacs.vocabulary.RoiMappingRule;

class ProfilePreviewTest {

    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final SubjectContext SUBJECT = SubjectContext.builder("SUBJ-0001", "SUBJ-0001")
            .trialSubjectId("SUBJ-0001").trialProtocolId("RTTRIAL").build();

    private final ProfilePreview preview = new ProfilePreview();

    static Path pydicom(String name) {
        Path p = PYDICOM.resolve(name);
        assertTrue(Files.isRegularFile(p), p + " is missing: apt-get install python3-pydicom");
        return p;
    }

    @Test
    void patientNameChangesOnARealFileAndTheScannerFindsNoLeak() throws Exception {
        Path ct = pydicom("CT_small.dcm");
        byte[] original = Files.readAllBytes(ct);
        PreviewResult r = preview.preview(ct, ProfileDraft.builder().build(), SUBJECT);
        assertNull(r.refusal());
        AttributeChange name = r.change("PatientName");
        assertNotNull(name, "PatientName in " + r.changes());
        assertEquals("(0010,0010)", name.tag());
        assertEquals("CompressedSamples^CT1", name.oldValue());
        assertEquals("SUBJ-0001", name.newValue());
        AttributeChange studyUid = r.change("StudyInstanceUID");
        assertEquals("U", studyUid.action());
        assertTrue(studyUid.newValue().startsWith("2.25."), studyUid.newValue());
        assertTrue(r.leaks().isEmpty(), r.leaks().toString());
        assertTrue(r.clean());
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(ct)), "sample unchanged");
    }

    @Test
    void eachPreviewUsesItsOwnThrowawayKey() throws Exception {
        Path ct = pydicom("CT_small.dcm");
        String a = preview.preview(ct, ProfileDraft.builder().build(), SUBJECT).change("StudyInstanceUID").newValue();
        String b = preview.preview(ct, ProfileDraft.builder().build(), SUBJECT).change("StudyInstanceUID").newValue();
        assertFalse(a.equals(b), "two previews must not share a key");
    }

    @Test
    void rulesAndOptionsShowInThePreviewAndAKeptIdentifierIsALeak() throws Exception {
        String rules = """
                {
                  "version": 1,
                  "rules": [
                    { "path": "StudyID", "action": "keep" },
                    { "path": "SeriesDescription", "action": "set", "value": "TRIAL-${subjectId}" }
                  ]
                }
                """;
        PreviewResult r = preview.preview(pydicom("CT_small.dcm"),
                ProfileDraft.builder().rulesText(rules).option(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES).build(),
                SUBJECT);
        assertEquals("TRIAL-SUBJ-0001", r.change("SeriesDescription").newValue());
        // CT_small's Study ID equals its Patient ID: keeping it leaks the Patient ID
        assertFalse(r.leaks().isEmpty(), "the scanner must flag the kept Study ID");
        assertTrue(r.leaks().stream().anyMatch(l -> l.contains("(0020,0010)")), r.leaks().toString());
        assertFalse(r.leaks().stream().anyMatch(l -> l.contains("1CT1")), "hits never carry the identifier");
        assertFalse(r.clean());
        AttributeChange studyDate = r.change("StudyDate");
        assertEquals("C", studyDate.action(), "modified dates shift");
        assertFalse(studyDate.oldValue().equals(studyDate.newValue()));
    }

    @Test
    void ruleErrorsNameLineAndReason() {
        String rules = "{\n  \"version\": 1,\n  \"rules\": [\n    { \"path\": \"StudyID\", \"action\": \"explode\" }\n  ]\n}\n";
        List<RuleProblem> problems = preview.validateRules(rules);
        assertEquals(1, problems.size());
        assertEquals(4, problems.get(0).line());
        assertTrue(problems.get(0).reason().contains("explode"), problems.get(0).reason());
        assertTrue(preview.validateRules("").isEmpty());
        PreviewException e = assertThrows(PreviewException.class, () -> preview.preview(pydicom("CT_small.dcm"),
                ProfileDraft.builder().rulesText(rules).build(), SUBJECT));
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
    }

    @Test
    void roiNamesAreMappedInThePreviewOfAStructureSet() throws Exception {
        RoiMapping mapping = RoiMapping.of(List.of(
                new RoiMappingRule(MatchKind.IGNORE_CASE, "PATIENT", "External"),
                new RoiMappingRule(MatchKind.PATTERN, "isocenter\\s*1", "Iso_1")));
        PreviewResult r = preview.preview(pydicom("rtstruct.dcm"),
                ProfileDraft.builder().vocabulary(mapping, true).build(), SUBJECT);
        assertNull(r.refusal());
        assertEquals(List.of(new RoiMappingRow("patient", "External"), new RoiMappingRow("Isocenter 1", "Iso_1"),
                new RoiMappingRow("Isocenter 2", null)), r.roiNames());
        AttributeChange roi0 = r.changes().stream().filter(c -> c.path().equals("(3006,0020)[0]/(3006,0026)"))
                .findFirst().orElseThrow(() -> new AssertionError(r.changes().toString()));
        assertEquals("patient", roi0.oldValue());
        assertEquals("External", roi0.newValue());
        assertEquals("ROIName", roi0.keyword());

        PreviewResult off = preview.preview(pydicom("rtstruct.dcm"),
                ProfileDraft.builder().vocabulary(mapping, false).build(), SUBJECT);
        assertTrue(off.changes().stream().filter(c -> c.path().equals("(3006,0020)[0]/(3006,0026)"))
                .allMatch(c -> c.newValue() == null || c.newValue().isEmpty()), "vocabulary disabled: ROI Name Z");
    }

    @Test
    void aStoredVersionsDraftKeepsItsSettings() throws Exception {
        ProfileSettings v1 = new ProfileSettings(java.util.Set.of(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES),
                "{\"version\": 1, \"rules\": [{\"path\": \"SeriesDescription\", \"action\": \"set\", \"value\": \"V1\"}]}",
                SubjectIdentifier.PID, null, null, null, PrivateAttributePolicy.RETAIN_SAFE, "default");
        ProfileDraft d = ProfileDraft.of(v1, RoiMapping.NONE, false);
        assertEquals(java.util.Set.of(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.RETAIN_SAFE_PRIVATE), d.options());
        assertEquals("V1", preview.preview(pydicom("CT_small.dcm"), d, SUBJECT).change("SeriesDescription").newValue());
    }

    @Test
    void aFileThatIsNotDicomIsNamed() throws Exception {
        Path bad = Files.createTempFile("not-dicom", ".dcm");
        try {
            Files.writeString(bad, "hello");
            PreviewException e = assertThrows(PreviewException.class,
                    () -> preview.preview(bad, ProfileDraft.builder().build(), SUBJECT));
            assertTrue(e.getMessage().contains(bad.getFileName().toString()), e.getMessage());
        } finally {
            Files.delete(bad);
        }
    }
}
