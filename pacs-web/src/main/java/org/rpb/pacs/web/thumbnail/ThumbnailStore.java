package org.rpb.pacs.web.thumbnail;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The PNGs of one session's thumbnails by token, each bound to the scope (study and site) it was made in. Tokens are
 * random, so they say nothing about the series and cannot be guessed; the least recently used PNG goes when the
 * store is full, which bounds what a session (replicated in a cluster) holds. Thread-safe: the browser fetches a
 * page's images in parallel.
 */
public final class ThumbnailStore implements Serializable {

    private static final long serialVersionUID = 1L;

    private record Entry(String scope, byte[] png) implements Serializable {
    }

    private final int capacity;
    private final LinkedHashMap<String, Entry> entries;

    /** @param capacity how many PNGs at most */
    public ThumbnailStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * @param scope the study and site it is shown in, e.g. "RTTRIAL@DD"
     * @param png   the picture
     * @return the new token under which {@link #get(String, String)} gives it back in that scope
     */
    public synchronized String put(String scope, byte[] png) {
        String token = UUID.randomUUID().toString();
        entries.put(token, new Entry(scope, png.clone()));
        while (entries.size() > capacity) {
            Map.Entry<String, Entry> eldest = entries.entrySet().iterator().next();
            entries.remove(eldest.getKey());
        }
        return token;
    }

    /**
     * @param token what {@link #put(String, byte[])} returned
     * @param scope the caller's active study and site now
     * @return the picture, if the token is known and was made in that scope
     */
    public synchronized Optional<byte[]> get(String token, String scope) {
        Entry e = token == null ? null : entries.get(token);
        return e == null || !e.scope().equals(scope) ? Optional.empty() : Optional.of(e.png().clone());
    }

    /** @return how many pictures are held */
    public synchronized int size() {
        return entries.size();
    }
}
