package org.rpb.pacs.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.dict.Dictionary;
import org.rpb.pacs.core.dict.DictionaryEntry;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.deident.DeidentificationException;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.InstanceResult;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.deident.manifest.ManifestAction;
import org.rpb.pacs.deident.manifest.ManifestEntry;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.deident.rules.RuleFileException;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.deident.scan.LeakHit;
import org.rpb.pacs.deident.scan.LeakScanner;
import org.rpb.pacs.vocabulary.RoiNamesInData;

/**
 * Shows what a profile being edited does to one sample file, attribute by attribute, and whether the leak
 * scanner finds the sample's identifiers in the result. Runs pacs-deident on a temporary copy with a throwaway
 * key made for each preview, so that no project's key is ever used or exposed and nothing links the preview to
 * real de-identified data. Stateless and thread-safe.
 */
public final class ProfilePreview {

    /** Longest value shown; the rest is cut with an ellipsis. */
    static final int MAX_VALUE = 200;

    private static final String RULES_SOURCE = "rules";
    private static final Tag[] IDENTIFIERS = {
        Tag.of(0x00100010), // Patient's Name
        Tag.of(0x00100020), // Patient ID
        Tag.of(0x00100030), // Patient's Birth Date
        Tag.of(0x00101000), // Other Patient IDs
        Tag.of(0x00101001), // Other Patient Names
        Tag.of(0x00080050), // Accession Number
    };

    private final SecureRandom random = new SecureRandom();

    /**
     * Checks a rule text with pacs-deident's rule parser.
     *
     * @param rulesText the text; blank means no rules
     * @return the problems (pacs-deident stops at the first one), empty when the text can be saved
     */
    public List<RuleProblem> validateRules(String rulesText) {
        try {
            parseRules(rulesText);
            return List.of();
        } catch (RuleFileException e) {
            return List.of(new RuleProblem(e.line(), reasonOf(e)));
        }
    }

    /**
     * De-identifies a temporary copy of the sample under the draft and compares it with the sample.
     *
     * @param sample  a DICOM file (left unchanged)
     * @param draft   the profile being edited
     * @param subject the subject identity to write (e.g. the project's subject identifier for a demo subject)
     * @return the changes, the refusal if pacs-deident refused the sample, the leak scanner's hits and the
     *         sample's ROI names with their standard names
     * @throws PreviewException when the rules are not valid (with line and reason) or the sample is not readable
     *         DICOM (with file, offset and tag)
     */
    public PreviewResult preview(Path sample, ProfileDraft draft, SubjectContext subject) throws PreviewException {
        Rules rules;
        try {
            rules = parseRules(draft.rulesText());
        } catch (RuleFileException e) {
            throw new PreviewException("the rules are not valid: line " + e.line() + ": " + reasonOf(e), e);
        }
        DicomReader reader = DicomReader.create();
        DicomFile before;
        try {
            before = reader.read(sample);
        } catch (IOException e) {
            throw new PreviewException("the sample " + sample.getFileName() + " is not readable DICOM: "
                    + e.getMessage(), e);
        }
        List<String> roiNames = RoiNamesInData.of(before.dataSet());
        List<RoiMappingRow> rows = new ArrayList<>();
        for (String n : roiNames) {
            rows.add(new RoiMappingRow(n, draft.roiMapping().standardNameFor(n).orElse(null)));
        }
        RoiVocabulary vocabulary = draft.vocabularyEnabled()
                ? draft.roiMapping().toVocabulary(roiNames) : RoiVocabulary.NONE;

        Path work = null;
        try {
            work = Files.createTempDirectory("pacs-preview");
            Path outDir = Files.createDirectory(work.resolve("out"));
            Deidentifier deidentifier = Deidentifier.builder()
                    .profile(Profile.basic().with(draft.options().toArray(Option[]::new)))
                    .key(throwawayKey())
                    .rules(rules)
                    .vocabulary(vocabulary)
                    .threads(1)
                    .build();
            Path out = outDir.resolve("preview.dcm");
            InstanceResult result;
            try {
                result = deidentifier.deidentify(sample, out, subject);
            } catch (DeidentificationException e) {
                return new PreviewResult(List.of(), e.getMessage(), List.of(), rows);
            }
            DataSet after = reader.read(out).dataSet();
            List<AttributeChange> changes = new ArrayList<>();
            for (ManifestEntry m : result.manifest()) {
                changes.add(change(m, before.dataSet(), after));
            }
            List<String> leaks = new ArrayList<>();
            for (LeakHit h : LeakScanner.of(identifiers(before.dataSet())).scan(outDir)) {
                leaks.add(h.path() + ": identifier #" + h.identifier() + " (" + h.form() + ")");
            }
            return new PreviewResult(changes, null, leaks, rows);
        } catch (IOException e) {
            throw new PreviewException("the preview of " + sample.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            // a leftover temporary folder holds a throwaway-key copy only; the preview result stands
            FileTrees.deleteQuietly(work);
        }
    }

    private static Rules parseRules(String text) throws RuleFileException {
        return text == null || text.isBlank() ? Rules.NONE : Rules.parse(text, RULES_SOURCE);
    }

    private static String reasonOf(RuleFileException e) {
        String prefix = RULES_SOURCE + ": line " + e.line() + ": ";
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private byte[] throwawayKey() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return k;
    }

    private static List<String> identifiers(DataSet ds) {
        List<String> ids = new ArrayList<>();
        for (Tag t : IDENTIFIERS) {
            for (String v : ds.getStrings(t)) {
                if (!v.isBlank()) {
                    ids.add(v.trim());
                }
            }
        }
        return ids;
    }

    private static AttributeChange change(ManifestEntry m, DataSet before, DataSet after) {
        String path = m.path();
        int last = path.lastIndexOf('/');
        String lastStep = path.substring(last + 1);
        int bracket = lastStep.indexOf('[');
        String tagText = bracket < 0 ? lastStep : lastStep.substring(0, bracket);
        String keyword = "";
        Tag tag = null;
        try {
            tag = Tag.parse(tagText);
            DictionaryEntry d = tag.isPrivate() ? null : Dictionary.standard().entry(tag);
            keyword = d == null || d.keyword() == null ? "" : d.keyword();
        } catch (IllegalArgumentException e) {
            // a path form this class does not know: shown as it is, without values
        }
        String oldValue = tag == null ? null : valueAt(before, path);
        String newValue = tag == null || m.action() == ManifestAction.REMOVE ? m.newValue() : valueAt(after, path);
        if (newValue == null && m.action() != ManifestAction.REMOVE) {
            newValue = m.newValue();
        }
        return new AttributeChange(tag == null ? tagText : Tag.toString(tag.value()), keyword, path, oldValue,
                newValue, m.action().code());
    }

    /** The value at a manifest path such as {@code (0008,1115)[0]/(0020,000E)}, or null when absent. */
    static String valueAt(DataSet root, String path) {
        DataSet ds = root;
        String[] steps = path.split("/");
        for (int i = 0; i < steps.length; i++) {
            String s = steps[i];
            int bracket = s.indexOf('[');
            Tag tag;
            try {
                tag = Tag.parse(bracket < 0 ? s : s.substring(0, bracket));
            } catch (IllegalArgumentException e) {
                return null;
            }
            DataElement e = ds.get(tag);
            if (e == null) {
                return null;
            }
            if (i == steps.length - 1) {
                return render(ds, e);
            }
            if (!e.isSequence() || bracket < 0) {
                return null;
            }
            int item = Integer.parseInt(s.substring(bracket + 1, s.indexOf(']', bracket)));
            if (item >= e.sequence().size()) {
                return null;
            }
            ds = e.sequence().get(item);
        }
        return null;
    }

    private static String render(DataSet ds, DataElement e) {
        String v;
        if (e.isSequence()) {
            v = e.sequence().size() + " items";
        } else if (e.isBulkData() || e.isFragments() || e.vr().isBulk()) {
            v = "<" + e.length() + " bytes>";
        } else {
            v = ds.getString(e.tag());
        }
        if (v != null && v.length() > MAX_VALUE) {
            v = v.substring(0, MAX_VALUE) + "…";
        }
        return v;
    }

}
