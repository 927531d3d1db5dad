package org.rpb.pacs.deident;

import java.util.Arrays;

/** A few tags, without boxing (the times of one data set already shifted with their dates). */
final class TagSet {

    private int[] tags = new int[0];

    boolean contains(int tag) {
        for (int t : tags) {
            if (t == tag) {
                return true;
            }
        }
        return false;
    }

    void add(int tag) {
        if (!contains(tag)) {
            tags = Arrays.copyOf(tags, tags.length + 1);
            tags[tags.length - 1] = tag;
        }
    }
}
