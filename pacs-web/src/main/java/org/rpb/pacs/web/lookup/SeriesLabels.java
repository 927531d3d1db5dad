package org.rpb.pacs.web.lookup;

import java.util.List;

import org.rpb.pacs.lookup.StudyDetail;

/** How the lookup pages name clinical series and modalities. Plain logic, tested without a server. */
final class SeriesLabels {

    private SeriesLabels() {
    }

    /**
     * @param s a series
     * @return modality, number (when there is one), description (when there is one) and instances, e.g.
     *         "CT #2 Thorax (120)"
     */
    static String label(StudyDetail.Series s) {
        String d = s.description() == null || s.description().isBlank() ? "" : " " + s.description();
        return s.modality() + (s.seriesNumber() < 0 ? "" : " #" + s.seriesNumber()) + d + " (" + s.instances() + ")";
    }

    /**
     * @param detail the study
     * @param uids   series UIDs of it
     * @return their labels separated by commas; a UID the study does not have stays as it is
     */
    static String labels(StudyDetail detail, List<String> uids) {
        return String.join(", ", uids.stream().map(u -> detail.series(u).map(SeriesLabels::label).orElse(u)).toList());
    }

    /**
     * @param modalitiesInStudy Modalities in Study as the PACS gives it (backslash-separated), or null
     * @return them separated by commas, or "" for none
     */
    static String modalities(String modalitiesInStudy) {
        return modalitiesInStudy == null || modalitiesInStudy.isEmpty() ? ""
                : String.join(", ", modalitiesInStudy.split("\\\\"));
    }
}
