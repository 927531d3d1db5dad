package org.rpb.pacs.deident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.deident.rules.PathStep;
import org.rpb.pacs.deident.rules.RuleFileException;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.deident.rules.TagPath;

/** Project rules (behaviour 6): the file format, its errors, paths with wildcards, actions and conditions. */
@org.junit.jupiter.api.Tag("external")
class RulesTest {

    @TempDir
    Path tmp;

    @Test
    void badRuleFilesAreRefusedWithLineAndReason() {
        assertError("{\n \"rules\": [\n  {\"path\": \"SeriesDescription\", \"action\": \"kep\"}\n ]\n}", 3, "unknown action");
        assertError("{\n \"rules\": [\n  {\"path\": \"NoSuchKeyword\", \"action\": \"keep\"}\n ]\n}", 3, "unknown keyword");
        assertError("{\n \"rules\": [\n  {\"path\": \"StudyID\",\n   \"action\": \"set\"}\n ]\n}", 3, "needs a \"value\"");
        assertError("{\n \"rules\": [\n  {\"path\": \"StudyID\", \"action\": \"set\",\n   \"value\": \"${nope}\"}]}", 4,
                "unknown placeholder");
        assertError("{\n \"rules\": [\n  {\"path\": \"StudyID\", \"action\": \"keep\",\n   \"when\": {\"colour\": \"red\"}}]}",
                4, "unknown condition");
        assertError("{\n \"rules\": [\n  {\"path\": \"StudyID\" \"action\": \"keep\"}]}", 3, "not valid JSON");
        assertError("{\n \"rules\": [\n  {\"path\": \"(0010,00GG)\", \"action\": \"keep\"}]}", 3, "not hexadecimal");
        assertError("{\n \"rules\": [\n  {\"path\": \"A/**\", \"action\": \"keep\"}]}", 3, "bad path");
        assertError("{\"rulez\": []}", 1, "unknown member");
        assertError("{\n \"rules\": [\n  {\"path\": \"StudyID\", \"action\": \"keep\",\n   \"when\": {\"attribute\": "
                + "{\"path\": \"Modality\", \"matches\": \"([\"}}}]}", 4, "regular expression");
    }

    private static void assertError(String text, int line, String reason) {
        RuleFileException e = assertThrows(RuleFileException.class, () -> Rules.parse(text, "rules.json"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("rules.json: line " + line + ": "), e.getMessage());
    }

    @Test
    void theDocumentedExampleFileIsValid() throws Exception {
        Rules r = Rules.parse(Path.of("docs/example-rules.json"));
        assertEquals(6, r.rules().size());
        // a JSON Schema validator (python3-jsonschema, draft 2020-12) accepts the example against the schema, and
        // refuses what the parser refuses too
        assertEquals("valid", validate(Path.of("docs/example-rules.json")));
        Path bad = Files.createTempFile("rules-bad", ".json");
        try {
            Files.writeString(bad, "{\"version\": 1, \"rules\": [{\"path\": \"StudyID\", \"action\": \"explode\"}]}");
            assertTrue(validate(bad).startsWith("invalid"), "the schema refuses an unknown action");
            assertThrows(RuleFileException.class, () -> Rules.parse(bad));
            Files.writeString(bad, "{\"rules\": [{\"path\": \"StudyID\"}]}");
            assertTrue(validate(bad).startsWith("invalid"), "the schema refuses a rule without action");
            assertThrows(RuleFileException.class, () -> Rules.parse(bad));
        } finally {
            Files.delete(bad);
        }
    }

    private static String validate(Path rules) throws Exception {
        int[] code = new int[1];
        String out = Fixtures.run(code, "/usr/bin/python3", "-c", String.join("\n",
                "import json, sys, jsonschema",
                "schema = json.load(open(sys.argv[1]))",
                "jsonschema.Draft202012Validator.check_schema(schema)",
                "errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))",
                "print('invalid: ' + errors[0].message if errors else 'valid')"),
                "docs/rules.schema.json", rules.toString());
        assertEquals(0, code[0], "python3-jsonschema missing or the schema is not a valid 2020-12 schema: " + out);
        return out.trim();
    }

    @Test
    void pathsWithWildcardsMatchAtAnyDepth() {
        List<PathStep> nested = List.of(new PathStep(0x00400275, null, 0), new PathStep(0x00400008, null, 2),
                new PathStep(0x00080104, null, -1));
        assertTrue(TagPath.parse("**/CodeMeaning").matches(nested));
        assertTrue(TagPath.parse("RequestAttributesSequence/*/(0008,01xx)").matches(nested));
        assertTrue(TagPath.parse("RequestAttributesSequence[0]/**/CodeMeaning").matches(nested));
        assertFalse(TagPath.parse("RequestAttributesSequence[1]/**/CodeMeaning").matches(nested));
        assertFalse(TagPath.parse("CodeMeaning").matches(nested), "without ** only the top level matches");
        List<PathStep> priv = List.of(new PathStep(0x00191110, "GEMS_ACQU_01", -1));
        assertTrue(TagPath.parse("(0019,\"GEMS_ACQU_01\",10)").matches(priv), "any block of the creator");
        assertFalse(TagPath.parse("(0019,\"OTHER\",10)").matches(priv));
        assertEquals(0x0008103E, TagPath.parse("SeriesDescription").singleTag());
        assertEquals(-1, TagPath.parse("**/SeriesDescription").singleTag());
    }

    @Test
    void rulesApplyAfterTheProfileWithConditionsAndTemplates() throws Exception {
        Path rules = tmp.resolve("rules.json");
        Files.writeString(rules, """
                {
                  "version": 1,
                  "rules": [
                    { "path": "SeriesDescription", "action": "keep", "when": { "modality": ["CT", "MR"] } },
                    { "path": "StudyDescription", "action": "keep", "when": { "modality": "US" } },
                    { "path": "StudyID", "action": "set", "value": "${studyCode}-${subjectId|lower}" },
                    { "path": "PatientID", "action": "prefix", "value": "${site}-" },
                    { "path": "PatientComments", "action": "set", "value": "subject ${ctx.arm}" },
                    { "path": "ImageComments", "action": "set", "value": "${value|hash}" },
                    { "path": "**/CodeMeaning", "action": "remove",
                      "when": { "attribute": { "path": "(0008,0016)", "equals": "1.2.840.10008.5.1.4.1.1.2" } } },
                    { "path": "Manufacturer", "action": "empty",
                      "when": { "sopClass": "1.2.840.10008.5.1.4.1.1.2",
                                "attribute": [ { "path": "Manufacturer", "contains": "GE" },
                                               { "path": "Modality", "matches": "C." } ] } },
                    { "path": "AccessionNumber", "action": "suffix", "value": "/${timePoint}" }
                  ]
                }
                """);
        Path in = Planted.write(tmp.resolve("in.dcm"));
        SubjectContext ctx = SubjectContext.builder("PID-0042", "SUBJECT^0042").studyCode("STUDY7")
                .trialSubjectId("S-42").trialSiteId("DD").trialSponsor("RPB").trialProtocolId("P7")
                .trialTimePoint("BL").value("arm", "A").build();
        Deidentifier d = Deidentifier.builder().key(Fixtures.KEY).rules(Rules.parse(rules)).build();
        Path out = tmp.resolve("out.dcm");
        d.deidentify(in, out, ctx);
        DataSet ds = Fixtures.read(out);
        assertEquals("AXIAL 5mm Dr. Doe", ds.getString(Tag.of(0x0008103E)), "keep when modality CT");
        assertNull(ds.get(0x00081030), "condition false: the profile decides (X)");
        assertEquals("STUDY7-s-42", ds.getString(Tag.of(0x00200010)));
        assertEquals("DD-PID-0042", ds.getString(Tag.of(0x00100020)), "prefix on the caller's Patient ID");
        assertEquals("subject A", ds.getString(Tag.of(0x00104000)), "set creates an absent attribute");
        String hashed = ds.getString(Tag.of(0x00204000));
        assertEquals(16, hashed.length());
        assertFalse(hashed.contains("DOE"));
        assertEquals("", ds.getString(Tag.of(0x00080070)), "all conditions hold: emptied");
        assertEquals("/BL", ds.getString(Tag.of(0x00080050)), "suffix on the profile's empty value");
        // the same rules twice give the same hash: pseudonyms stay stable
        d.deidentify(in, tmp.resolve("again.dcm"), ctx);
        assertEquals(hashed, Fixtures.read(tmp.resolve("again.dcm")).getString(Tag.of(0x00204000)));
    }

    @Test
    void aRuleNeedingAMissingContextValueRefusesTheFile() throws Exception {
        Rules r = Rules.parse("{\"rules\": [{\"path\": \"StudyID\", \"action\": \"set\", \"value\": \"${studyCode}\"}]}",
                "r.json");
        Path in = Planted.write(tmp.resolve("in.dcm"));
        Path out = tmp.resolve("out.dcm");
        DeidentificationException e = assertThrows(DeidentificationException.class, () -> Deidentifier.builder()
                .key(Fixtures.KEY).rules(r).build().deidentify(in, out, Fixtures.ctx()));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("studyCode"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
