package org.rpb.pacs.deident;

import java.util.Arrays;

/**
 * A set of tags without boxing: the times of one data set already shifted with their dates, the private elements
 * of one data set to remove. Adding keeps the tags ascending, so that a lookup is a binary search.
 */
final class TagSet {

    private int[] tags;
    private int size;
    /** Where {@link #containsInOrder} expects the next tag asked for. */
    private int cursor;

    /** @param capacity how many tags it holds before it grows (the walk's removals: the data set's size) */
    TagSet(int capacity) {
        tags = new int[Math.max(1, capacity)];
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(int tag) {
        return Arrays.binarySearch(tags, 0, size, tag) >= 0;
    }

    /**
     * {@link #contains} for questions asked in ascending order (a data set's elements after its walk): a tag at
     * the cursor is found without a search. Any order gives the right answer, only slower.
     */
    boolean containsInOrder(int tag) {
        if (cursor < size && tags[cursor] == tag) {
            cursor++;
            return true;
        }
        return contains(tag);
    }

    void add(int tag) {
        if (size == 0 || tags[size - 1] < tag) { // the walk adds in tag order: appended
            if (size == tags.length) {
                tags = Arrays.copyOf(tags, size * 2);
            }
            tags[size++] = tag;
            return;
        }
        int i = Arrays.binarySearch(tags, 0, size, tag);
        if (i >= 0) {
            return;
        }
        int at = -(i + 1);
        if (size == tags.length) {
            tags = Arrays.copyOf(tags, size * 2);
        }
        System.arraycopy(tags, at, tags, at + 1, size - at);
        tags[at] = tag;
        size++;
    }
}
