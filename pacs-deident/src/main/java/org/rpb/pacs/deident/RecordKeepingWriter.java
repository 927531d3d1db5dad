package org.rpb.pacs.deident;

import java.util.ArrayList;
import java.util.List;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;

/**
 * Writes what was done, last: Patient Identity Removed YES, De-identification Method (appended, never
 * overwritten), its Code Sequence with exactly the options applied (CID 7050), and Longitudinal Temporal
 * Information Modified, truthfully.
 */
final class RecordKeepingWriter {

    private final Profile profile;
    /**
     * The elements of the code items, encoded once per de-identifier (the same in every file; elements are
     * immutable and may be shared): the basic profile's, then each option's, in the order written.
     */
    private final List<DataElement[]> codes = new ArrayList<>();
    private final DataElement[] cleanPixelData;

    RecordKeepingWriter(Profile profile) {
        this.profile = profile;
        codes.add(codeElements(Option.BASIC_PROFILE_CODE, Option.BASIC_PROFILE_MEANING));
        for (Option o : profile.options()) {
            codes.add(codeElements(o.code(), o.meaning()));
        }
        this.cleanPixelData = codeElements(Option.CLEAN_PIXEL_DATA_CODE, Option.CLEAN_PIXEL_DATA_MEANING);
    }

    /**
     * @param editor the instance's editor
     * @param masked whether burned-in text was masked (Clean Pixel Data)
     */
    void write(DataSet ds, ElementEditor editor, boolean masked) throws DeidentificationException {
        editor.put(ds, Tags.PatientIdentityRemoved, VR.CS, "YES");
        String method = profile.methodDescription();
        String old = ElementEditor.text(ds, Tags.DeidentificationMethod);
        editor.put(ds, Tags.DeidentificationMethod, VR.LO, old == null || old.isBlank() ? method : old + "\\" + method);
        List<DataSet> items = new ArrayList<>(codes.size() + 1);
        for (DataElement[] c : codes) {
            items.add(code(c));
        }
        if (masked) {
            items.add(code(cleanPixelData));
        }
        ds.setSequence(Tags.DeidentificationMethodCodeSequence, new Sequence(items));
        editor.recorder().recordSummary(Tags.DeidentificationMethodCodeSequence.value(), items.size() + " codes");
        String ltim = profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES) ? "UNMODIFIED"
                : profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED";
        editor.put(ds, Tags.LongitudinalTemporalInformationModified, VR.CS, ltim);
    }

    /** @return Code Value, Coding Scheme Designator DCM and Code Meaning, encoded as a new item encodes them */
    private static DataElement[] codeElements(String value, String meaning) {
        DataSet item = new DataSet();
        item.setString(Tags.CodeValue, VR.SH, value);
        item.setString(Tags.CodingSchemeDesignator, VR.SH, "DCM");
        item.setString(Tags.CodeMeaning, VR.LO, meaning);
        return item.elements().toArray(new DataElement[0]);
    }

    private static DataSet code(DataElement[] elements) {
        DataSet item = new DataSet();
        for (DataElement e : elements) {
            item.set(e);
        }
        return item;
    }
}
