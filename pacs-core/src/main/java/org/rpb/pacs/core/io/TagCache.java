package org.rpb.pacs.core.io;

import org.rpb.pacs.core.data.Tag;

/**
 * Recently read {@link Tag}s of one reader, so that a batch of similar files shares one Tag object per attribute
 * instead of allocating one per element read. A direct-mapped table: a slot holds the last tag whose value hashed
 * there. Thread-safe without locks: Tag is immutable (final field, safely published), so a racing reader sees
 * either null, an older tag (checked by value) or the new one, and at worst allocates a Tag as before.
 */
final class TagCache {

    private static final int BITS = 12;

    private final Tag[] slots = new Tag[1 << BITS];

    /** The tag with this packed value: a cached one or a new one (which is then cached). */
    Tag of(int value) {
        int h = value * 0x9E3779B9; // Fibonacci hashing spreads group and element bits over the index
        int i = h >>> (32 - BITS);
        Tag t = slots[i];
        if (t != null && t.value() == value) {
            return t;
        }
        t = Tag.of(value);
        slots[i] = t;
        return t;
    }
}
