package org.rpb.pacs.thumbnail;

import java.io.Serializable;
import java.util.List;

/**
 * The picture shown for a series: a PNG of an image, a placeholder PNG for pixel data that is not rendered
 * (compressed or colour), or, for RT objects, their labels and what they reference instead of a picture.
 *
 * @param kind       what this is
 * @param png        the PNG bytes (rendered image or placeholder); null for {@link Kind#RT}
 * @param note       a short text under the picture: the transfer syntax of a placeholder, the label of an RT
 *                   object; never patient data
 * @param labels     for RT objects: ROI names (RTSTRUCT), beam names (RTPLAN), dose type and units (RTDOSE)
 * @param references for RT objects: the number of instances they reference
 */
public record Thumbnail(Kind kind, byte[] png, String note, List<String> labels, int references)
        implements Serializable {

    /** What a thumbnail shows. */
    public enum Kind {
        /** a rendered image */
        IMAGE,
        /** a placeholder picture: the pixel data is not rendered on the server */
        PLACEHOLDER,
        /** an RT object: labels and references, no picture */
        RT
    }

    /** Copies the labels. */
    public Thumbnail {
        labels = List.copyOf(labels);
    }
}
