package org.rpb.pacs.deident;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.deident.manifest.ManifestAction;
import org.rpb.pacs.deident.manifest.ManifestEntry;
import org.rpb.pacs.deident.profile.Action;
import org.rpb.pacs.deident.rules.TagPath;
import org.rpb.pacs.deident.uid.HmacSha256;

/**
 * Keeps the record of one instance's work: a manifest entry per attribute touched (with a keyed hash of the old
 * value, never the value) and the UIDs replaced, for the crosswalk. Without a manifest nothing is recorded, so no
 * old value is hashed and no path is formatted; the UIDs are kept either way.
 */
final class ManifestRecorder {

    private static final byte[] PURPOSE = "manifest\0".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private final boolean keep;
    private final HmacSha256 mac;
    private final List<ManifestEntry> entries = new ArrayList<>();
    private final Map<String, String> uids = new TreeMap<>();
    private String instance;

    /**
     * @param keep whether manifest entries are recorded
     * @param mac a MAC keyed with the project key, for this thread alone
     */
    ManifestRecorder(boolean keep, HmacSha256 mac) {
        this.keep = keep;
        this.mac = mac;
    }

    /** @param newSopInstanceUid the instance every entry names */
    /** @return whether manifest entries are recorded (else the paths given to the record methods are not used) */
    boolean keeps() {
        return keep;
    }

    void instance(String newSopInstanceUid) {
        instance = newSopInstanceUid;
    }

    /** Records what the profile (or a vocabulary, a mask) did to one element. */
    void record(ElementPath path, Action action, DataElement old, String newValue) {
        if (keep) {
            add(TagPath.format(path.steps()), ManifestAction.of(action), old, newValue);
        }
    }

    /** Records a value a rule wrote: {@link ManifestAction#SET} or {@link ManifestAction#ADD}. */
    void recordRule(ElementPath path, ManifestAction setOrAdd, DataElement old, String newValue) {
        if (keep) {
            add(TagPath.format(path.steps()), setOrAdd, old, newValue);
        }
    }

    /** Records a top-level attribute written from the caller's context or as record keeping. */
    void recordAttribute(int tag, DataElement old, String newValue) {
        if (keep) {
            add(Tag.toString(tag), old == null ? ManifestAction.ADD : ManifestAction.SET, old, newValue);
        }
    }

    /** Records a top-level attribute replaced by a summary that is not its value (a sequence). */
    void recordSummary(int tag, String summary) {
        if (keep) {
            entries.add(new ManifestEntry(instance, Tag.toString(tag), ManifestAction.SET, null, summary));
        }
    }

    /** Notes a replaced UID for the crosswalk. */
    void uid(String old, String replacement) {
        uids.put(old, replacement);
    }

    List<ManifestEntry> entries() {
        return entries;
    }

    Map<String, String> uids() {
        return uids;
    }

    private void add(String path, ManifestAction action, DataElement old, String newValue) {
        entries.add(new ManifestEntry(instance, path, action, old == null ? null : hash(old), newValue));
    }

    private String hash(DataElement e) {
        if (e.isSequence() || !e.isBytes()) {
            return null; // bulk values are not read just to hash them
        }
        // the same value as keyed.keyedHash("manifest", bytes), without copying the bytes or a new MAC
        mac.update(PURPOSE);
        mac.update(e.byteBuffer().duplicate());
        return HEX.formatHex(mac.doFinal(), 0, 16);
    }
}
