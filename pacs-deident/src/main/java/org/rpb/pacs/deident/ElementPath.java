package org.rpb.pacs.deident;

import java.util.Arrays;
import java.util.List;

import org.rpb.pacs.deident.rules.PathStep;

/**
 * Where an element is: a chain of steps from the top level, one allocation per element; turned into a list only
 * for rules and reports.
 *
 * @param parent the step of the enclosing sequence item, or null at the top level
 * @param step this element's step
 */
record ElementPath(ElementPath parent, PathStep step) {

    /** @return the path of a top-level attribute */
    static ElementPath top(int tag) {
        return new ElementPath(null, new PathStep(tag, null, -1));
    }

    /** @return the path of an attribute of the same data set (no private creator) */
    ElementPath sibling(int tag) {
        return new ElementPath(parent, new PathStep(tag, null, -1));
    }

    /** @return the path of item {@code index} of this sequence */
    ElementPath item(int index) {
        return new ElementPath(parent, new PathStep(step.tag(), step.creator(), index));
    }

    /** @return the steps from the top level down to this element */
    List<PathStep> steps() {
        int size = 0;
        for (ElementPath x = this; x != null; x = x.parent()) {
            size++;
        }
        PathStep[] a = new PathStep[size];
        for (ElementPath x = this; x != null; x = x.parent()) {
            a[--size] = x.step();
        }
        return Arrays.asList(a);
    }
}
