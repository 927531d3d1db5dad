package org.rpb.pacs.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.SiteRef;
import org.rpb.pacs.portal.StudyRef;
import org.rpb.pacs.staging.InstanceProgress;
import org.rpb.pacs.staging.InstanceState;
import org.rpb.pacs.staging.job.StagingJobStatus;

/** A staging execution as the API's job status. */
class StagingJobViewTest {

    private static final ActiveScope RTTRIAL = new ActiveScope(new StudyRef("RTTRIAL", "RT trial", true, false),
            new SiteRef("DD", "Dresden"));

    @Test
    void aCompletedCopyThatVerifiedEverythingIsCompletedWithItsCounts() {
        StagingJobStatus s = new StagingJobStatus(42, 7, "COMPLETED", "VERIFIED", "RTTRIAL", "1.2.3",
                Map.of(InstanceState.VERIFIED, 3, InstanceState.STORED, 1), List.of());
        JobStatus j = StagingJobView.status(s, RTTRIAL);
        assertEquals(42, j.id());
        assertEquals(JobType.COPY, j.type());
        assertEquals(JobState.FAILED, StagingJobView.state("COMPLETED", "INCOMPLETE 1 FAILED"));
        assertEquals(JobState.COMPLETED, j.state());
        assertEquals(4, j.stored(), "verified ones count as stored");
        assertEquals(3, j.verified());
        assertEquals(4, j.retrieved());
        assertEquals("RTTRIAL", j.studyCode());
    }

    @Test
    void statesAndFailuresOfAStudy0Job() {
        StagingJobStatus s = new StagingJobStatus(5, 5, "STARTED", "STARTED", "STUDY0", "1.2.3",
                Map.of(InstanceState.FAILED, 1, InstanceState.RETRIEVED, 2),
                List.of(new InstanceProgress("1.2.3.4", "1.2.3", "", InstanceState.FAILED, "C-STORE refused")));
        JobStatus j = StagingJobView.status(s, RTTRIAL);
        assertEquals(JobType.STAGE, j.type());
        assertEquals(JobState.RUNNING, j.state());
        assertEquals(1, j.failed());
        assertEquals(2, j.retrieved(), "failed ones are not counted as retrieved");
        var f = StagingJobView.failures(s).get(0);
        assertEquals("1.2.3.4", f.sourceSopUid());
        assertEquals(null, f.targetSopUid());
        assertEquals("C-STORE refused", f.errorText());
        assertEquals(JobState.QUEUED, StagingJobView.state("STARTING", null));
        assertEquals(JobState.CANCELLED, StagingJobView.state("STOPPED", "STOPPED"));
        assertEquals(JobState.FAILED, StagingJobView.state("ABANDONED", "ABANDONED"));
    }
}
