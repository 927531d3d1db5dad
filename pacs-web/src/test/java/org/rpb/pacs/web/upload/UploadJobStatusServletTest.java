package org.rpb.pacs.web.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.upload.UploadJobView;

class UploadJobStatusServletTest {

    private static final String PID = "PID-SECRET-4711";

    private static UploadJobView job(JobState state, int deidentified, int stored, int verified, int failed) {
        return new UploadJobView(new JobStatus(42, JobType.UPLOAD, state, "RTTRIAL", "DD", "uploader",
                LocalDateTime.of(2026, 12, 7, 8, 0), null, 3, PID, 9L, state.ended() ? state.name() : null, 500, 0,
                deidentified, stored, verified, failed), List.of());
    }

    @Test
    void aRunningJobsCountersAndShareAsThePanelShowsThem() {
        JsonObject json = UploadJobStatusServlet.json(job(JobState.RUNNING, 300, 250, 200, 0));
        assertEquals(42, json.getJsonNumber("id").longValue());
        assertEquals("RUNNING", json.getString("state"));
        assertFalse(json.getBoolean("ended"));
        assertEquals(500, json.getInt("total"));
        assertEquals(300, json.getInt("deidentified"));
        assertEquals(250, json.getInt("stored"));
        assertEquals(200, json.getInt("verified"));
        assertEquals(0, json.getInt("failed"));
        // verified count fully, de-identified but not yet verified half: (200 * 100 + 100 * 50) / 500
        assertEquals(50, json.getInt("percent"));
    }

    @Test
    void anEndedJobSaysSoSoThatThePageRendersItsOutcome() {
        JsonObject done = UploadJobStatusServlet.json(job(JobState.COMPLETED, 500, 500, 500, 0));
        assertTrue(done.getBoolean("ended"));
        assertEquals(100, done.getInt("percent"));
        JsonObject failed = UploadJobStatusServlet.json(job(JobState.FAILED, 120, 100, 100, 3));
        assertTrue(failed.getBoolean("ended"));
        assertEquals(3, failed.getInt("failed"));
        assertTrue(UploadJobStatusServlet.json(job(JobState.QUEUED, 0, 0, 0, 0)).containsKey("ended"));
        assertFalse(UploadJobStatusServlet.json(job(JobState.QUEUED, 0, 0, 0, 0)).getBoolean("ended"));
    }

    @Test
    void theVersionChangesExactlyWhenWhatThePageShowsChanges() {
        String v = UploadJobStatusServlet.version(job(JobState.RUNNING, 100, 50, 50, 0));
        assertEquals(v, UploadJobStatusServlet.version(job(JobState.RUNNING, 100, 50, 50, 0)));
        assertEquals(v, UploadJobStatusServlet.json(job(JobState.RUNNING, 100, 50, 50, 0)).getString("version"));
        for (UploadJobView other : List.of(job(JobState.RUNNING, 150, 50, 50, 0), job(JobState.RUNNING, 100, 100, 50, 0),
                job(JobState.RUNNING, 100, 50, 100, 0), job(JobState.RUNNING, 100, 50, 50, 1),
                job(JobState.COMPLETED, 100, 50, 50, 0))) {
            assertFalse(v.equals(UploadJobStatusServlet.version(other)), other.toString());
        }
    }

    @Test
    void theAnswerCarriesCountsAndStateOnlyNoSubjectOrUser() {
        String json = UploadJobStatusServlet.json(job(JobState.RUNNING, 10, 10, 10, 0)).toString();
        assertFalse(json.contains(PID), json);
        assertFalse(json.contains("uploader"), json);
        assertEquals(List.of("id", "state", "ended", "total", "deidentified", "stored", "verified", "failed",
                "percent", "version"), List.copyOf(UploadJobStatusServlet.json(job(JobState.RUNNING, 1, 1, 1, 0)).keySet()));
    }
}
