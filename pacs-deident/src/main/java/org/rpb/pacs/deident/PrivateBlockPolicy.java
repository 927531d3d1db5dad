package org.rpb.pacs.deident;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.deident.dates.DateShifter;
import org.rpb.pacs.deident.privatetags.PrivateTagKnowledgeBase;
import org.rpb.pacs.deident.profile.Action;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.uid.UidRemapper;

/**
 * Private elements: removed, unless Retain Safe Private is selected and the safe-private list names the
 * (creator, element, VR) triple, wherever the block was placed; listed private UIDs are remapped and listed
 * private dates shifted like public ones. The creator element of a block stays only while an element of the
 * block stays.
 */
final class PrivateBlockPolicy {

    /** The private blocks of one data set: block key ({@code group << 8 | block}) to creator, and which stay. */
    static final class Blocks {
        private int[] keys = new int[0];
        private String[] creators = new String[0];
        private int[] kept = new int[0];
        /** The index of the block {@link #creatorOf} found last: a block's elements come one after the other. */
        private int last;

        private static int key(int tag) {
            return ((tag >>> 16) << 8) | ((tag >>> 8) & 0xFF);
        }

        /** @return the creator of the block a private element is in, or null when the block has none */
        String creatorOf(int tag) {
            int key = key(tag);
            if (last < keys.length && keys[last] == key) {
                return creators[last];
            }
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == key) {
                    last = i;
                    return creators[i];
                }
            }
            return null;
        }

        /** Notes that an element of a block stays, so that its creator stays. */
        void keep(int tag) {
            int key = key(tag);
            for (int k : kept) {
                if (k == key) {
                    return;
                }
            }
            kept = Arrays.copyOf(kept, kept.length + 1);
            kept[kept.length - 1] = key;
        }

        /** @return whether the data set has a private creator */
        boolean any() {
            return keys.length > 0;
        }

        boolean creatorKept(int creatorTag) {
            int key = ((creatorTag >>> 16) << 8) | (creatorTag & 0xFF);
            for (int k : kept) {
                if (k == key) {
                    return true;
                }
            }
            return false;
        }
    }

    private final EngineSettings settings;
    private final Profile profile;
    private final InstanceState instance;
    private final ElementEditor editor;
    private final ProfileWalker walker;

    PrivateBlockPolicy(EngineSettings settings, InstanceState instance, ElementEditor editor, ProfileWalker walker) {
        this.settings = settings;
        this.profile = settings.profile();
        this.instance = instance;
        this.editor = editor;
        this.walker = walker;
    }

    /** @return the private creators of one data set (few, so two small arrays) */
    Blocks blocksOf(DataSet ds, DataElement[] elements) throws IOException {
        Blocks b = new Blocks();
        for (DataElement e : elements) {
            if ((e.tag().group() & 1) == 1 && e.tag().isPrivateCreator()) {
                int t = e.tag().value();
                b.keys = Arrays.copyOf(b.keys, b.keys.length + 1);
                b.creators = Arrays.copyOf(b.creators, b.creators.length + 1);
                b.keys[b.keys.length - 1] = ((t >>> 16) << 8) | (t & 0xFF);
                b.creators[b.creators.length - 1] = editor.decode(ds, e, VR.LO).trim();
            }
        }
        return b;
    }

    /**
     * Removes the creator elements of the blocks none of whose elements stayed: notes them in {@code later}, which
     * the walk removes in one pass with its other removals, and records them now.
     */
    void removeUnusedCreators(DataSet ds, ElementPath parent, Blocks blocks, TagSet later) {
        boolean paths = editor.recorder().keeps();
        for (DataElement e : ds.elements()) {
            int t = e.tag().value();
            if (e.tag().isPrivateCreator() && !blocks.creatorKept(t)) {
                editor.remove(ds, e, paths ? new ElementPath(parent, t, null, -1) : ElementPath.UNREAD, later);
            }
        }
    }

    /** @return whether the element stays (so its creator stays) */
    boolean privateElement(DataSet ds, DataElement e, ElementPath path, String creator, ProfileWalker.Mode mode)
            throws DeidentificationException, IOException {
        if (creator == null || !profile.has(Option.RETAIN_SAFE_PRIVATE)) {
            editor.remove(ds, e, path);
            return false;
        }
        int t = e.tag().value();
        String vrName = e.isSequence() && e.vr() != VR.UN ? "SQ" : e.vr().name();
        PrivateTagKnowledgeBase.Listed listed = settings.privateTags().lookup(t >>> 16, creator, t & 0xFF, vrName);
        // the VR the value is read and rewritten with: an implicit VR file reads private elements as UN
        VR vr = e.vr();
        if (vr == VR.UN && listed.vr() != null && !listed.vr().equals("SQ")) {
            try {
                vr = VR.of(listed.vr());
            } catch (IllegalArgumentException x) {
                vr = VR.UN;
            }
        }
        switch (listed.disposition()) {
            case KEEP -> {
                if (e.isSequence()) {
                    walker.walkItems(e, path, mode);
                }
                return true;
            }
            case HASH_UID -> {
                return hashUid(ds, e, path, vr);
            }
            case OFFSET_DATE -> {
                return offsetDate(ds, e, path, vr);
            }
            default -> {
                editor.remove(ds, e, path);
                return false;
            }
        }
    }

    private boolean hashUid(DataSet ds, DataElement e, ElementPath path, VR vr) {
        if (profile.has(Option.RETAIN_UIDS)) {
            return true; // UIDs are kept under Retain UIDs, private ones too
        }
        byte[] raw = e.bytes();
        String v = raw == null ? "" : new String(raw, StandardCharsets.US_ASCII).replace("\0", "").trim();
        if (!UidRemapper.isValidUid(v)) {
            editor.remove(ds, e, path);
            return false;
        }
        String n = settings.keyed().remap(v);
        editor.recorder().uid(v, n);
        editor.recorder().record(path, Action.REPLACE_UID, e, n);
        byte[] b = ElementEditor.pad(n.getBytes(StandardCharsets.US_ASCII), (byte) 0);
        ds.set(DataElement.of(e.tag(), vr, b, e.bigEndian()));
        return true;
    }

    private boolean offsetDate(DataSet ds, DataElement e, ElementPath path, VR vr) {
        if (profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES)) {
            return true;
        }
        if (!profile.has(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES) || !e.isBytes()) {
            editor.remove(ds, e, path);
            return false;
        }
        String v = new String(e.bytes(), StandardCharsets.ISO_8859_1).replace("\0", "").trim();
        DateShifter shifter = instance.shifter();
        try {
            String n;
            if (vr == VR.TM) {
                n = shifter.shiftTM(v);
            } else if (vr == VR.DA || (vr != VR.DT && v.matches("\\d{8}"))) {
                n = shifter.shiftDA(v);
            } else {
                n = shifter.shiftDT(v);
            }
            editor.recorder().record(path, Action.CLEAN, e, n);
            VR textVr = vr.isText() ? vr : VR.LO;
            ds.set(DataElement.of(e.tag(), vr, ElementEditor.pad(n.getBytes(StandardCharsets.US_ASCII),
                    textVr.paddingByte())));
            return true;
        } catch (DateShifter.UnshiftableException x) {
            editor.remove(ds, e, path);
            return false;
        }
    }
}
