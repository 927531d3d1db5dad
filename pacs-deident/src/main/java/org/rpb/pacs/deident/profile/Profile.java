package org.rpb.pacs.deident.profile;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A de-identification profile: Table E.1-1 (bundled edition {@value ProfileTable#EDITION} unless another table
 * is given) plus a set of {@link Option}s. Immutable; {@link #with} returns a new profile.
 *
 * <pre>{@code
 * Profile p = Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES, Option.RETAIN_SAFE_PRIVATE);
 * }</pre>
 */
public final class Profile {

    private final ProfileTable table;
    private final Set<Option> options;
    /** {@link #has} by ordinal: asked for every attribute of every file. */
    private final boolean[] applied;
    private final CompoundResolver compound;
    /** Per row index of the table: the action when it does not depend on the SOP class, else null. */
    private final Action[] resolved;
    /**
     * Per SOP class ("" for none): per row index, the resolved compound codes of the rows that name one attribute,
     * filled as they are first asked for; the same few classes come back in every file of a batch.
     */
    private final ConcurrentHashMap<String, Action[]> compoundBySopClass = new ConcurrentHashMap<>();
    /** How many SOP classes {@link #compoundBySopClass} remembers before it starts over. */
    private static final int SOP_CLASSES_CACHED = 256;
    /** {@link #methodDescription()}, written into every file: built once. */
    private final String methodDescription;

    private Profile(ProfileTable table, Set<Option> options, CompoundResolver compound) {
        this.table = table;
        this.options = Collections.unmodifiableSet(options.isEmpty() ? EnumSet.noneOf(Option.class)
                : EnumSet.copyOf(options));
        this.applied = new boolean[Option.values().length];
        for (Option o : this.options) {
            applied[o.ordinal()] = true;
        }
        this.compound = compound;
        this.resolved = new Action[table.rowCount()];
        for (int i = 0; i < resolved.length; i++) {
            ProfileRow row = table.rowAt(i);
            if (row != null) {
                Action a = fromOptions(row);
                resolved[i] = a != null ? a : row.basic().isCompound() ? null : row.basic().choices().get(0);
            }
        }
        StringBuilder sb = new StringBuilder("PS3.15 E.1-1 ").append(table.edition()).append(" basic");
        for (Option o : this.options) {
            sb.append('+').append(o.code());
        }
        String m = sb.toString();
        this.methodDescription = m.length() <= 64 ? m : m.substring(0, 64);
    }

    /** @return the action of the applied options' columns for a row (K wins over C), or null */
    private Action fromOptions(ProfileRow row) {
        Action fromOption = null;
        for (Option o : options) {
            Action a = row.options().get(o);
            if (a != null && (fromOption == null || a == Action.KEEP)) {
                fromOption = a;
            }
        }
        return fromOption;
    }

    /** @return the Basic Application Confidentiality Profile with the bundled table and no option */
    public static Profile basic() {
        return new Profile(ProfileTable.bundled(), EnumSet.noneOf(Option.class), CompoundResolver.bundled());
    }

    /**
     * The basic profile over another edition of the table.
     *
     * @param table the table
     * @return the profile, no option
     */
    public static Profile basic(ProfileTable table) {
        return new Profile(table, EnumSet.noneOf(Option.class), CompoundResolver.bundled());
    }

    /**
     * This profile with more options.
     *
     * @param more options to add
     * @return a new profile
     * @throws IllegalArgumentException when both longitudinal options are asked for (they contradict)
     */
    public Profile with(Option... more) {
        EnumSet<Option> s = options.isEmpty() ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(options);
        Collections.addAll(s, more);
        if (s.contains(Option.RETAIN_LONGITUDINAL_FULL_DATES)
                && s.contains(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            throw new IllegalArgumentException(
                    "RetainLongitudinalFullDates and RetainLongitudinalModifiedDates cannot both apply");
        }
        return new Profile(table, s, compound);
    }

    /** @return the options, unmodifiable */
    public Set<Option> options() {
        return options;
    }

    /**
     * @param o an option
     * @return whether the option applies
     */
    public boolean has(Option o) {
        return applied[o.ordinal()];
    }

    /** @return the table */
    public ProfileTable table() {
        return table;
    }

    /**
     * The action this profile takes on an attribute named by the table: the option column of an applied option
     * overrides the basic code (K wins over C when two applied options name the row), compound codes are
     * resolved by {@link CompoundResolver}.
     *
     * @param tag the attribute
     * @param sopClassUid the object's SOP Class UID, or null
     * @return the action, or null when the table does not name the tag
     */
    public Action actionFor(int tag, String sopClassUid) {
        int i = table.indexOf(tag);
        if (i < 0) {
            return null;
        }
        Action a = resolved[i];
        if (a != null) {
            return a;
        }
        if (!table.namesOneAttribute(i)) {
            return compound.resolve(tag, table.rowAt(i).basic(), sopClassUid);
        }
        Action[] byRow = compoundBySopClass.get(sopClassUid == null ? "" : sopClassUid);
        if (byRow == null) {
            if (compoundBySopClass.size() >= SOP_CLASSES_CACHED) {
                compoundBySopClass.clear();
            }
            byRow = compoundBySopClass.computeIfAbsent(sopClassUid == null ? "" : sopClassUid,
                    k -> new Action[resolved.length]);
        }
        a = byRow[i];
        if (a == null) {
            // a race only computes the same action twice
            a = compound.resolve(tag, table.rowAt(i).basic(), sopClassUid);
            byRow[i] = a;
        }
        return a;
    }

    /**
     * The text written into De-identification Method (0012,0063): the table edition and the options.
     *
     * @return e.g. {@code PS3.15 E.1-1 2024b basic+113107+113111}, at most 64 characters
     */
    public String methodDescription() {
        return methodDescription;
    }
}
