package org.rpb.pacs.deident;

import java.util.Arrays;
import java.util.List;

import org.rpb.pacs.deident.rules.PathStep;

/**
 * Where an element is: a chain of steps from the top level, one small allocation per element (its
 * {@link PathStep} is made only when asked for); turned into a list only for rules and reports. Immutable.
 */
final class ElementPath {

    /**
     * The path of every element of an instance whose paths nobody reads (no project rules, no manifest): its
     * siblings and items are itself, so that the walk allocates no path at all.
     */
    static final ElementPath UNREAD = new ElementPath(null, 0, null, -1);

    private final ElementPath parent;
    private final int tag;
    private final String creator;
    private final int item;

    /**
     * @param parent the path of the enclosing sequence item, or null at the top level
     * @param tag this element's tag
     * @param creator its private creator, or null
     * @param item the item index of a sequence item step, or -1
     */
    ElementPath(ElementPath parent, int tag, String creator, int item) {
        this.parent = parent;
        this.tag = tag;
        this.creator = creator;
        this.item = item;
    }

    /** @return the path of a top-level attribute */
    static ElementPath top(int tag) {
        return new ElementPath(null, tag, null, -1);
    }

    /** @return the path of the enclosing sequence item, or null at the top level */
    ElementPath parent() {
        return parent;
    }

    /** @return this element's step */
    PathStep step() {
        return new PathStep(tag, creator, item);
    }

    /** @return this element's private creator, or null */
    String creator() {
        return creator;
    }

    /** @return the path of an attribute of the same data set (no private creator) */
    ElementPath sibling(int siblingTag) {
        return this == UNREAD ? this : new ElementPath(parent, siblingTag, null, -1);
    }

    /** @return the path of item {@code index} of this sequence */
    ElementPath item(int index) {
        return this == UNREAD ? this : new ElementPath(parent, tag, creator, index);
    }

    /** @return the steps from the top level down to this element */
    List<PathStep> steps() {
        int size = 0;
        for (ElementPath x = this; x != null; x = x.parent) {
            size++;
        }
        PathStep[] a = new PathStep[size];
        for (ElementPath x = this; x != null; x = x.parent) {
            a[--size] = x.step();
        }
        return Arrays.asList(a);
    }
}
