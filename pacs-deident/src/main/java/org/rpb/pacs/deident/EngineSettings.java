package org.rpb.pacs.deident;

import org.rpb.pacs.deident.dates.DateTimePairs;
import org.rpb.pacs.deident.pixel.BurnedInPolicy;
import org.rpb.pacs.deident.privatetags.PrivateTagKnowledgeBase;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rt.RoiVocabulary;
import org.rpb.pacs.deident.rules.Rules;
import org.rpb.pacs.deident.uid.UidRemapper;

/**
 * What a {@link Deidentifier} was configured with, as the engine's parts read it: built once per de-identifier,
 * shared by every instance and thread (all parts are immutable or thread-safe).
 *
 * @param profile the profile with its options
 * @param keyed the keyed UID remapper of the project key
 * @param rules the project rules
 * @param vocabulary the ROI name vocabulary
 * @param privateTags the safe-private list
 * @param burnedIn what to do with burned-in text
 * @param groupAgesOver89 whether kept ages over 89 years become 090Y
 * @param pairs the date and time attributes that name one instant
 * @param keepManifest whether the manifest is recorded
 */
record EngineSettings(Profile profile, UidRemapper keyed, Rules rules, RoiVocabulary vocabulary,
        PrivateTagKnowledgeBase privateTags, BurnedInPolicy burnedIn, boolean groupAgesOver89, DateTimePairs pairs,
        boolean keepManifest) {
}
