package org.rpb.pacs.deident;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.Sequence;
import org.rpb.pacs.core.data.Tag;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.deident.profile.Action;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.rules.Rule;

/**
 * Walks a data set at every depth and decides each public element's action: the profile's row, else the safety
 * nets for attributes the table does not name; private elements go to the {@link PrivateBlockPolicy}, elements a
 * project rule names to the {@link RuleApplier}, and the action is carried out by the {@link ValueReplacer}.
 */
final class ProfileWalker {

    /** How text the table does not name is treated inside the sequence being walked. */
    enum Mode {
        /** As at the top level. */
        NORMAL,
        /**
         * Inside a sequence whose action is D: free text (ST, LT, UT, UC) and names become dummies, whatever the
         * options; codes (LO, SH) stay.
         */
        DUMMY_TEXT,
        /** Inside a sequence being cleaned: text is cleaned. */
        CLEAN_TEXT
    }

    /** Attributes written from the caller's context after the profile, in tag order; rules on them run after that. */
    static final int[] IDENTITY = Arrays.stream(new Tag[] {Tags.PatientName, Tags.PatientID,
        Tags.ClinicalTrialSponsorName, Tags.ClinicalTrialProtocolID, Tags.ClinicalTrialProtocolName,
        Tags.ClinicalTrialSiteID, Tags.ClinicalTrialSiteName, Tags.ClinicalTrialSubjectID,
        Tags.ClinicalTrialTimePointID, Tags.ClinicalTrialTimePointDescription}).mapToInt(Tag::value).sorted().toArray();

    /**
     * Removed whatever the profile, options or rules say (besides curves and overlays as whole groups): Icon
     * Image Sequence, Digital Signatures Sequence, MAC Parameters Sequence, Data Set Trailing Padding, Original
     * Attributes Sequence, Encrypted Attributes Sequence.
     */
    private static final int[] ALWAYS_REMOVED = Arrays.stream(new Tag[] {Tags.IconImageSequence,
        Tags.DigitalSignaturesSequence, Tags.MACParametersSequence, Tags.DataSetTrailingPadding,
        Tags.OriginalAttributesSequence, Tags.EncryptedAttributesSequence}).mapToInt(Tag::value).toArray();

    private final EngineSettings settings;
    private final Profile profile;
    private final InstanceState instance;
    private final ElementEditor editor;
    private final PrivateBlockPolicy privateBlocks;
    private final RuleApplier rules;
    private final ValueReplacer values;

    ProfileWalker(EngineSettings settings, InstanceState instance, ElementEditor editor) {
        this.settings = settings;
        this.profile = settings.profile();
        this.instance = instance;
        this.editor = editor;
        this.privateBlocks = new PrivateBlockPolicy(settings, instance, editor, this);
        this.rules = new RuleApplier(settings, instance, editor, this);
        this.values = new ValueReplacer(settings, instance, editor, this);
    }

    RuleApplier rules() {
        return rules;
    }

    PrivateBlockPolicy privateBlocks() {
        return privateBlocks;
    }

    /**
     * Walks one data set (the top level when {@code parent} is null, else a sequence item).
     *
     * <p>Elements the walk itself removes (group lengths, {@link #ALWAYS_REMOVED}, private elements, the profile's
     * X, unused private creators) leave the data set together in one pass at the end, their manifest entries
     * written in order as they are decided: one by one, each removal searched the element list and shifted the
     * rest of it (a small CT loses some 200 of its 260 elements). Nothing in the walk looks up an element it has
     * already passed, except the deferred times, which are never removed before their turn. Removals by project
     * rules, and of the Specific Character Set (the text after it is read and written in it), happen at once.
     */
    void walk(DataSet ds, ElementPath parent, Mode mode) throws DeidentificationException, IOException {
        DataElement[] elements = ds.elements().toArray(new DataElement[0]); // the walk changes the data set
        PrivateBlockPolicy.Blocks blocks = privateBlocks.blocksOf(ds, elements);
        TagSet doneTimes = new TagSet(4);
        TagSet removed = new TagSet(elements.length);
        // without rules or a manifest nothing reads a path: none is made (one per element cost more than the rest
        // of a removed element's work)
        boolean unread = rules.isEmpty() && !editor.recorder().keeps();
        List<DataElement> deferred = null;
        for (DataElement e : elements) {
            int t = e.tag().value();
            int group = t >>> 16;
            if (e.tag().isPrivateCreator()) {
                continue;
            }
            if ((t & 0xFFFF) == 0 && group != 2) {
                removed.add(t); // group lengths: retired, and wrong once values change
                continue;
            }
            boolean odd = (group & 1) == 1;
            String creator = odd ? blocks.creatorOf(t) : null;
            boolean removedPrivate = odd && (creator == null || !profile.has(Option.RETAIN_SAFE_PRIVATE));
            ElementPath path = unread ? ElementPath.UNREAD : new ElementPath(parent, t, creator, -1);
            if (alwaysRemoved(t)) {
                editor.remove(ds, e, path, removed);
                continue;
            }
            boolean top = parent == null;
            Rule rule = rules.isEmpty() || (top && Arrays.binarySearch(IDENTITY, t) >= 0) ? null : rules.match(path);
            if (rule != null) {
                if (rules.applyRule(ds, e, path, rule, mode) && odd) {
                    blocks.keep(t);
                }
                continue;
            }
            if (odd) {
                if (removedPrivate) {
                    editor.remove(ds, e, path, removed);
                    continue;
                }
                if (privateBlocks.privateElement(ds, e, path, creator, mode)) {
                    blocks.keep(t);
                }
                continue;
            }
            if (!doneTimes.isEmpty() && doneTimes.contains(t)) {
                continue;
            }
            int dateTag = e.vr() == VR.TM || e.vr() == VR.UN ? settings.pairs().dateTagOf(t) : -1;
            if (dateTag > t && ds.get(dateTag) != null) {
                // a time whose date comes later in tag order (Calibration Time before Calibration Date): the
                // date shifts both as one instant; the time alone only if the date did not take it
                if (deferred == null) {
                    deferred = new ArrayList<>(2);
                }
                deferred.add(e);
                continue;
            }
            apply(ds, e, path, decide(t, editor.vrOf(e), mode), mode, doneTimes, removed);
        }
        for (DataElement e : deferred == null ? List.<DataElement>of() : deferred) {
            int t = e.tag().value();
            if (!doneTimes.contains(t) && ds.get(t) == e) {
                apply(ds, e, unread ? ElementPath.UNREAD : new ElementPath(parent, t, null, -1), decide(t, editor.vrOf(e), mode), mode, doneTimes,
                        removed);
            }
        }
        if (blocks.any()) {
            privateBlocks.removeUnusedCreators(ds, parent, blocks, removed);
        }
        if (!removed.isEmpty()) {
            ds.removeIf(x -> removed.containsInOrder(x.tag().value()));
        }
    }

    /** @return the profile's action on a public element, or the safety net's for attributes the table does not name */
    Action decide(int tag, VR vr, Mode mode) {
        Action a = profile.actionFor(tag, instance.sopClass());
        if (a != null) {
            return a;
        }
        if (vr == VR.DA || vr == VR.DT || vr == VR.TM) {
            return dateAction();
        }
        if (vr == VR.UI) {
            return profile.has(Option.RETAIN_UIDS) ? Action.KEEP : Action.REPLACE_UID;
        }
        if (vr == VR.PN) {
            return mode == Mode.CLEAN_TEXT ? Action.CLEAN : Action.DUMMY;
        }
        if (vr == VR.UN) {
            return Action.REMOVE; // a public attribute the dictionary does not know: its content is unknown
        }
        boolean text = vr == VR.LO || vr == VR.SH || vr == VR.ST || vr == VR.LT || vr == VR.UT || vr == VR.UC;
        if (!text) {
            return Action.KEEP;
        }
        return switch (mode) {
            case CLEAN_TEXT -> Action.CLEAN;
            // inside a D sequence (Content Sequence without Clean Structured Content) free text is a dummy
            // whatever the options: Clean Descriptors changes only what its column names
            case DUMMY_TEXT -> vr == VR.LO || vr == VR.SH ? Action.KEEP : Action.DUMMY;
            // the safety net of Clean Descriptors: every text attribute the table does not name is considered
            case NORMAL -> profile.has(Option.CLEAN_DESCRIPTORS) ? Action.CLEAN : Action.KEEP;
        };
    }

    private Action dateAction() {
        if (profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES)) {
            return Action.KEEP;
        }
        if (profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            return Action.CLEAN;
        }
        return Action.REMOVE;
    }

    /**
     * Carries out an action on a public element; a sequence's items are walked unless it is removed or emptied.
     *
     * @param doneTimes the time attributes of this data set already shifted with their date (added to here)
     * @param removeLater the tags of this data set to remove after its walk (added to here), or null to remove at
     *        once
     */
    void apply(DataSet ds, DataElement e, ElementPath path, Action a, Mode mode, TagSet doneTimes,
            TagSet removeLater) throws DeidentificationException, IOException {
        if (e.isSequence()) {
            switch (a) {
                case REMOVE -> editor.remove(ds, e, path, removeLater);
                case EMPTY -> {
                    if (!e.isEmpty()) {
                        ds.set(DataElement.of(e.tag(), e.vr(), Sequence.empty(), true));
                        editor.recorder().record(path, Action.EMPTY, null, "");
                    }
                }
                // D on a sequence (Content Sequence): its items' free text, names and dates become dummies, also
                // inside a sequence being cleaned; only the sequence's own C (Clean Structured Content) cleans it
                case DUMMY -> walkItems(e, path, Mode.DUMMY_TEXT);
                case CLEAN -> walkItems(e, path, Mode.CLEAN_TEXT);
                default -> walkItems(e, path, mode);
            }
            return;
        }
        values.apply(ds, e, path, a, doneTimes, removeLater);
    }

    /** Walks every item of a sequence. */
    void walkItems(DataElement e, ElementPath path, Mode mode) throws DeidentificationException, IOException {
        Sequence s = e.sequence();
        for (int i = 0; i < s.size(); i++) {
            walk(s.get(i), path.item(i), mode);
        }
    }

    /** Curves (50xx) and overlay planes (60xx) as whole groups, and {@link #ALWAYS_REMOVED}. */
    private static boolean alwaysRemoved(int t) {
        int g = t >>> 16;
        if ((g & 0xFF01) == 0x5000 || (g & 0xFF01) == 0x6000) {
            return g <= 0x601E;
        }
        for (int r : ALWAYS_REMOVED) {
            if (r == t) {
                return true;
            }
        }
        return false;
    }
}
