package org.rpb.pacs.deident.manifest;

import org.rpb.pacs.deident.json.Json;

/**
 * One attribute that de-identification touched in one instance.
 *
 * @param instance the new SOP Instance UID of the instance
 * @param path the attribute's path, e.g. {@code (0008,1115)[0]/(0020,000E)}
 * @param action what was done (written as its {@link ManifestAction#code() code})
 * @param oldValueHash a keyed hash (hexadecimal) of the old value, never the value itself; null if there was none
 * @param newValue the new value (null when removed; never an old value)
 */
public record ManifestEntry(String instance, String path, ManifestAction action, String oldValueHash, String newValue) {

    /** @return the entry as one JSON object on one line */
    public String toJson() {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"instance\":");
        Json.quote(sb, instance);
        sb.append(",\"path\":");
        Json.quote(sb, path);
        sb.append(",\"action\":");
        Json.quote(sb, action.code());
        sb.append(",\"oldValueHash\":");
        Json.quote(sb, oldValueHash);
        sb.append(",\"newValue\":");
        Json.quote(sb, newValue);
        return sb.append('}').toString();
    }
}
