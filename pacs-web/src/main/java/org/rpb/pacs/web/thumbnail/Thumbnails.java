package org.rpb.pacs.web.thumbnail;

import java.util.Base64;

import org.rpb.pacs.thumbnail.Thumbnail;

/** How pages embed a series thumbnail: the PNG as a data URI, which the pages encode once per view and series. */
public final class Thumbnails {

    private Thumbnails() {
    }

    /**
     * @param t a thumbnail, or null
     * @return its PNG as a data URI, or null when it has none (RT objects) or there is none
     */
    public static String dataUri(Thumbnail t) {
        return t == null || t.png() == null ? null
                : "data:image/png;base64," + Base64.getEncoder().encodeToString(t.png());
    }
}
