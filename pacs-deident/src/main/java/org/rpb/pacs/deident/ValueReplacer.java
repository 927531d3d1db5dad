package org.rpb.pacs.deident;

import java.io.IOException;

import org.rpb.pacs.core.data.DataElement;
import org.rpb.pacs.core.data.DataSet;
import org.rpb.pacs.core.data.VR;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.deident.dates.DateShifter;
import org.rpb.pacs.deident.profile.Action;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;
import org.rpb.pacs.deident.uid.UidRemapper;

/**
 * Carries out a decided action on one public element that is not a sequence: dummies valid for the VR, keyed
 * UIDs, shifted dates (a date and its time as one instant), cleaned text, grouped ages, standard ROI names.
 */
final class ValueReplacer {

    private static final int ROI_NAME = Tags.ROIName.value();
    private static final int ROI_OBSERVATION_LABEL = Tags.ROIObservationLabel.value();
    private static final int PATIENT_AGE = Tags.PatientAge.value();
    private static final int TIMEZONE_OFFSET = Tags.TimezoneOffsetFromUTC.value();

    private final EngineSettings settings;
    private final Profile profile;
    private final InstanceState instance;
    private final ElementEditor editor;
    private final ProfileWalker walker;

    ValueReplacer(EngineSettings settings, InstanceState instance, ElementEditor editor, ProfileWalker walker) {
        this.settings = settings;
        this.profile = settings.profile();
        this.instance = instance;
        this.editor = editor;
        this.walker = walker;
    }

    /**
     * @param doneTimes the time attributes of this data set already shifted with their date (added to here)
     * @param removeLater the tags of this data set to remove after its walk (added to here), or null to remove at
     *        once
     */
    void apply(DataSet ds, DataElement e, ElementPath path, Action a, TagSet doneTimes, TagSet removeLater)
            throws DeidentificationException, IOException {
        int t = e.tag().value();
        VR vr = editor.vrOf(e);
        if ((t == ROI_NAME || t == ROI_OBSERVATION_LABEL) && a != Action.KEEP) {
            String std = settings.vocabulary().standardName(editor.decode(ds, e, vr));
            if (std != null) {
                editor.setText(ds, e, vr, std, path, Action.CLEAN);
                return;
            }
        }
        switch (a) {
            case REMOVE -> editor.remove(ds, e, path, removeLater);
            case EMPTY -> {
                if (!e.isEmpty()) {
                    editor.recorder().record(path, Action.EMPTY, e, "");
                    ds.set(DataElement.of(e.tag(), vr, new byte[0]));
                }
            }
            case DUMMY -> {
                if (vr == VR.UI) {
                    remapUid(ds, e, path);
                } else {
                    dummy(ds, e, vr, path);
                }
            }
            case REPLACE_UID -> {
                if (vr == VR.UI) {
                    remapUid(ds, e, path);
                }
            }
            case CLEAN -> clean(ds, e, vr, path, doneTimes, removeLater);
            case KEEP -> {
                if (t == PATIENT_AGE && settings.groupAgesOver89()) {
                    String age = editor.decode(ds, e, vr).trim();
                    if (age.matches("\\d{3}Y") && Integer.parseInt(age.substring(0, 3)) > 89) {
                        editor.setText(ds, e, vr, "090Y", path, Action.CLEAN);
                    }
                }
            }
        }
    }

    private void clean(DataSet ds, DataElement e, VR vr, ElementPath path, TagSet doneTimes, TagSet removeLater)
            throws DeidentificationException, IOException {
        if (vr == VR.DA || vr == VR.TM || vr == VR.DT) {
            if (profile.has(Option.RETAIN_LONGITUDINAL_FULL_DATES) || e.isEmpty()) {
                return;
            }
            shiftDate(ds, e, vr, path, doneTimes, removeLater);
            return;
        }
        if (vr == VR.UI) {
            remapUid(ds, e, path);
            return;
        }
        if (e.tag().value() == TIMEZONE_OFFSET) {
            return; // an offset, not a date; a shift leaves it true
        }
        if (vr.isText()) {
            String old = editor.decode(ds, e, vr);
            String c = instance.cleaner().clean(vr == VR.PN ? old.replace('^', ' ') : old);
            if (!c.equals(old.trim())) {
                editor.setText(ds, e, vr, c, path, Action.CLEAN);
            }
        }
    }

    private void shiftDate(DataSet ds, DataElement e, VR vr, ElementPath path, TagSet doneTimes,
            TagSet removeLater) throws DeidentificationException, IOException {
        DateShifter shifter = instance.shifter();
        String old = editor.decode(ds, e, vr).trim();
        try {
            if (vr == VR.DA) {
                int tmTag = settings.pairs().timeTagOf(e.tag().value());
                DataElement tm = tmTag < 0 ? null : ds.get(tmTag);
                if (tm != null && !tm.isEmpty() && editor.vrOf(tm) == VR.TM
                        && walker.decide(tmTag, VR.TM, ProfileWalker.Mode.NORMAL) == Action.CLEAN
                        && old.indexOf('\\') < 0 && walker.rules().match(path.sibling(tmTag)) == null) {
                    String tmOld = editor.decode(ds, tm, VR.TM).trim();
                    if (tmOld.indexOf('\\') < 0) {
                        // a date and its time shift as one instant: crossing midnight changes the date
                        String[] pair = shifter.shiftPair(old, tmOld);
                        editor.setText(ds, e, vr, pair[0], path, Action.CLEAN);
                        editor.setText(ds, tm, VR.TM, pair[1], path.sibling(tmTag), Action.CLEAN);
                        doneTimes.add(tmTag);
                        return;
                    }
                }
                editor.setText(ds, e, vr, shifter.shiftDA(old), path, Action.CLEAN);
            } else if (vr == VR.TM) {
                editor.setText(ds, e, vr, shifter.shiftTM(old), path, Action.CLEAN);
            } else {
                editor.setText(ds, e, vr, shifter.shiftDT(old), path, Action.CLEAN);
            }
        } catch (DateShifter.UnshiftableException x) {
            // a value that is not a date cannot be shifted, and kept it might identify: removed
            editor.remove(ds, e, path, removeLater);
        }
    }

    private void dummy(DataSet ds, DataElement e, VR vr, ElementPath path) throws DeidentificationException {
        String v = switch (vr) {
            case DA -> "19000101";
            case TM -> "000000";
            case DT -> "19000101000000";
            case DS, IS -> "0";
            case AS -> "000Y";
            case AE, CS -> "ANONYMIZED";
            case UR -> "";
            default -> null;
        };
        if (v == null && vr.isText()) {
            v = "ANONYMIZED";
        }
        if (v != null) {
            editor.setText(ds, e, vr, v, path, Action.DUMMY);
            return;
        }
        int size = vr.isBinary() ? vr.valueSize() : 2;
        editor.recorder().record(path, Action.DUMMY, e, "0");
        ds.set(DataElement.of(e.tag(), vr, new byte[Math.max(2, size)]));
    }

    /** Replaces each value of a UI element by its keyed UID (structural UIDs stay). */
    void remapUid(DataSet ds, DataElement e, ElementPath path) throws DeidentificationException, IOException {
        if (UidRemapper.isStructural(e.tag().value()) || e.isEmpty()) {
            return;
        }
        String old = editor.decode(ds, e, VR.UI);
        if (old.indexOf('\\') < 0 && old.indexOf('\0') < 0) { // one value, the usual case: no split, no builder
            String o = old.trim();
            String n = settings.keyed().remap(o);
            if (!n.equals(o)) {
                editor.recorder().uid(o, n);
                editor.setText(ds, e, VR.UI, n, path, Action.REPLACE_UID);
            }
            return;
        }
        String[] parts = old.split("\\\\", -1);
        StringBuilder sb = new StringBuilder();
        boolean changed = false;
        for (int i = 0; i < parts.length; i++) {
            String o = parts[i].trim().replace("\0", "");
            String n = settings.keyed().remap(o);
            if (!n.equals(o)) {
                changed = true;
                editor.recorder().uid(o, n);
            }
            sb.append(i > 0 ? "\\" : "").append(n);
        }
        if (changed) {
            editor.setText(ds, e, VR.UI, sb.toString(), path, Action.REPLACE_UID);
        }
    }
}
