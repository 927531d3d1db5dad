package org.rpb.pacs.deident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.rpb.pacs.core.charset.SpecificCharacterSet;
import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Dictionary;
import org.rpb.pacs.deident.manifest.ManifestAction;
import org.rpb.pacs.deident.profile.Action;

/**
 * Reads and replaces element values of one instance, in the data set's character set, and records each change.
 */
final class ElementEditor {

    private static final int SPECIFIC_CHARACTER_SET = 0x00080005;

    private final InstanceState instance;
    private final ManifestRecorder recorder;
    /** Loaded only when needed (UN values, rules creating attributes): most files never need it. */
    private Dictionary dict;
    private SpecificCharacterSet lastCharacterSet;
    private boolean lastAsciiCompatible;

    ElementEditor(InstanceState instance, ManifestRecorder recorder) {
        this.instance = instance;
        this.recorder = recorder;
    }

    ManifestRecorder recorder() {
        return recorder;
    }

    /** Removes an element (action X). */
    void remove(DataSet ds, DataElement e, ElementPath path) {
        remove(ds, e, path, null);
    }

    /**
     * Removes an element (action X), now or with the others of its data set after the walk; the manifest entry
     * is written now.
     *
     * @param later the tags the walk removes from this data set when it is done, or null to remove at once; the
     *        Specific Character Set goes at once (the text after it is read and written in it)
     */
    void remove(DataSet ds, DataElement e, ElementPath path, TagSet later) {
        int t = e.tag().value();
        if (later == null || t == SPECIFIC_CHARACTER_SET) {
            ds.remove(e.tag());
        } else {
            later.add(t);
        }
        recorder.record(path, Action.REMOVE, e, null);
    }

    /** Replaces an element's value with text. */
    void setText(DataSet ds, DataElement e, VR vr, String value, ElementPath path, Action action)
            throws DeidentificationException {
        byte[] b = encode(ds, value, vr, e.tag().value());
        recorder.record(path, action, e, value);
        ds.set(DataElement.of(e.tag(), vr, b));
    }

    /** Replaces an element's value with text a rule made ({@link ManifestAction#SET} or {@link ManifestAction#ADD}). */
    void setByRule(DataSet ds, DataElement e, VR vr, String value, ElementPath path, ManifestAction setOrAdd)
            throws DeidentificationException {
        byte[] b = encode(ds, value, vr, e.tag().value());
        recorder.recordRule(path, setOrAdd, e, value);
        ds.set(DataElement.of(e.tag(), vr, b));
    }

    /** Writes a top-level attribute (from the caller's context, or record keeping). */
    void put(DataSet ds, Tag tag, VR vr, String value) throws DeidentificationException {
        DataElement old = ds.get(tag);
        byte[] b = encode(ds, value, vr, tag.value());
        recorder.recordAttribute(tag.value(), old, value);
        ds.set(DataElement.of(tag, vr, b));
    }

    private byte[] encode(DataSet ds, String value, VR vr, int tag) throws DeidentificationException {
        try {
            byte[] b = vr == VR.UI || isPlainAscii(value) && asciiCompatible(ds.specificCharacterSet())
                    ? value.getBytes(StandardCharsets.US_ASCII) : ds.specificCharacterSet().encode(value, vr);
            return pad(b, vr.paddingByte());
        } catch (RuntimeException x) {
            throw instance.refuse("the new value of " + Tag.toString(tag)
                    + " cannot be written in the file's Specific Character Set (0008,0005)");
        }
    }

    /** @return whether the text is printable ASCII (no escape): the same bytes in every ASCII-based repertoire */
    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7E || c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return false;
            }
        }
        return true;
    }

    /**
     * @return whether ASCII text is written as ASCII bytes in this character set: all but those with JIS X 0201
     *         (ISO_IR 13), whose G0 puts a Yen sign and an overline where ASCII has backslash and tilde
     */
    private boolean asciiCompatible(SpecificCharacterSet cs) {
        if (cs == SpecificCharacterSet.DEFAULT) {
            return true;
        }
        if (cs != lastCharacterSet) {
            lastCharacterSet = cs;
            lastAsciiCompatible = true; // a loop, not a stream: asked once per file and character set
            for (String t : cs.terms()) {
                lastAsciiCompatible &= !t.trim().endsWith("IR 13");
            }
        }
        return lastAsciiCompatible;
    }

    /** @return the value as text without trailing spaces and NULs ("" for sequences and fragments) */
    String decode(DataSet ds, DataElement e, VR vr) throws IOException {
        byte[] b;
        if (e.isBytes()) {
            b = e.bytes();
        } else if (e.isBulkData()) {
            b = e.bulkData().readAllBytes();
        } else {
            return "";
        }
        String s = vr.isText() ? ds.specificCharacterSet().decode(b, vr)
                : new String(b, StandardCharsets.ISO_8859_1);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end);
    }

    /** @return the element's VR, from the dictionary for a public element read as UN */
    VR vrOf(DataElement e) {
        if (e.vr() == VR.UN && !e.tag().isPrivate()) {
            VR d = dict().vrOf(e.tag().value());
            if (d != null && d != VR.UN) {
                return d;
            }
        }
        return e.vr();
    }

    Dictionary dict() {
        if (dict == null) {
            dict = Dictionary.standard();
        }
        return dict;
    }

    /** @return an attribute's value, trimmed, or null */
    static String text(DataSet ds, Tag tag) {
        String s = ds.getString(tag);
        return s == null ? null : s.trim();
    }

    /** @return the bytes padded to even length */
    static byte[] pad(byte[] b, byte padding) {
        if ((b.length & 1) == 0) {
            return b;
        }
        byte[] p = Arrays.copyOf(b, b.length + 1);
        p[b.length] = padding;
        return p;
    }
}
