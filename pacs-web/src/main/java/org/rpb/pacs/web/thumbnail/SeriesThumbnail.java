package org.rpb.pacs.web.thumbnail;

import java.io.Serializable;
import java.util.List;

import org.rpb.pacs.thumbnail.Thumbnail;

/**
 * What a page shows for one series, computed once per view: the token of its picture, or the labels of an RT object,
 * or why there is none.
 *
 * @param token      the picture's token for {@link ThumbnailImage}, or null
 * @param note       the RT object's label (or a placeholder's transfer syntax), or null
 * @param labels     ROI, beam or dose labels of an RT object
 * @param references how many instances an RT object references
 * @param problem    why no thumbnail could be made, or null
 */
public record SeriesThumbnail(String token, String note, List<String> labels, int references, String problem)
        implements Serializable {

    /** Copies the labels. */
    public SeriesThumbnail {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /**
     * @param t     the thumbnail
     * @param token the token its PNG is kept under, or null when it has none
     * @return what the page shows of it
     */
    public static SeriesThumbnail of(Thumbnail t, String token) {
        return new SeriesThumbnail(token, t.note(), t.labels(), t.references(), null);
    }

    /**
     * @param problem why there is no thumbnail, for the page
     * @return a thumbnail that shows the problem
     */
    public static SeriesThumbnail missing(String problem) {
        return new SeriesThumbnail(null, null, List.of(), 0, problem);
    }

    /** @return whether there is a picture */
    public boolean image() {
        return token != null;
    }

    /** @return whether the labels of an RT object are shown instead of a picture */
    public boolean card() {
        return token == null && problem == null;
    }
}
