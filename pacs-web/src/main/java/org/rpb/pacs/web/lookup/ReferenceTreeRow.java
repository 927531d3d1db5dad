package org.rpb.pacs.web.lookup;

import java.io.Serializable;

import org.rpb.pacs.lookup.StudyDetail;

/**
 * One line of the RT reference tree as the page shows it: a series at a depth below the object that
 * references it (RTDOSE, then its RTPLAN, its RTSTRUCT, the image series).
 *
 * @param series the series
 * @param depth 0 for a root, one more per reference followed
 */
public record ReferenceTreeRow(StudyDetail.Series series, int depth) implements Serializable {
    private static final long serialVersionUID = 1L;
}
