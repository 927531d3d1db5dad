package org.rpb.pacs.staging.job;

import java.io.Serializable;

/**
 * The module's record of one series copy: a Study0 copy of a clinical series, or a project copy of a
 * Study0 series.
 *
 * @param jobInstanceId the job that made it
 * @param target {@code STUDY0} or the project code
 * @param sourceStudyUid the source study
 * @param sourceSeriesUid the source series
 * @param targetStudyUid the copy's study in the research PACS
 * @param targetSeriesUid the copy's series
 * @param instances instances of the source series
 * @param verified instances verified in the research PACS
 * @param complete whether every instance is verified
 */
public record SeriesCopy(long jobInstanceId, String target, String sourceStudyUid, String sourceSeriesUid,
        String targetStudyUid, String targetSeriesUid, int instances, int verified, boolean complete)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
