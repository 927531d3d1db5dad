package org.rpb.pacs.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value of an SQ element: its items, each a {@link DataSet}. The list of items is fixed; the items themselves
 * are mutable data sets (changing one makes the enclosing data set {@link DataSet#isModified() modified}).
 */
public final class Sequence {

    private final List<DataSet> items;

    /** A sequence of these items (the list is copied, the items are not). */
    public Sequence(List<DataSet> items) {
        this.items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    /** An empty sequence. */
    public static Sequence empty() {
        return new Sequence(List.of());
    }

    /** The items, unmodifiable. */
    public List<DataSet> items() {
        return items;
    }

    /** The number of items. */
    public int size() {
        return items.size();
    }

    /** The item at {@code index}. */
    public DataSet get(int index) {
        return items.get(index);
    }

    /** True if any item was modified since it was read. */
    public boolean isModified() {
        for (DataSet d : items) {
            if (d.isModified()) {
                return true;
            }
        }
        return false;
    }
}
