package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.OwnDatabase;
import org.rpb.pacs.it.support.OwnWildFly;

/**
 * An upload job survives WildFly being killed (SIGKILL) or shut down (SIGTERM) in the middle (issue 13): the test
 * runs its own WildFly ({@link OwnWildFly}, as {@link StagingRestartIT}), uploads a 300-instance CT + RT study into
 * an RTTRIAL slot as the demo uploader, interrupts the server once the first batch is verified, starts it again and
 * expects the module to resume the job by itself, as its user, from its last checkpoint: every instance verified,
 * each once in the research Orthanc, one study record, one slot link, and the batches verified before the stop not
 * done again. Then the same interrupted job cannot resume once its study lost its DICOM tag, or its user lost the
 * job's site: it fails with that reason before it touches any PACS (the research Orthanc gets nothing more).
 * Not an Arquillian test; every process it starts is stopped at the end, also on failure.
 */
class UploadRestartIT {
    private static final String PID = "PID-RT-0101";
    private static final String HOSPITAL_ID = "HOSP-UPL-0101";
    private static final int SLICES = 297;
    /** CT slices plus RT Structure Set, Plan and Dose. */
    private static final int TOTAL = SLICES + 3;
    /** The upload job's batch (UploadSeriesReader.BATCH). */
    private static final int BATCH = 50;
    private static final int PORT_OFFSET = 320;

    /** The study's DICOM tag as the portal keeps it: its tag row (which wins over the study's V1 flag). */
    private static final String DICOM_TAG = "UPDATE pacs.portal_study_tag SET tag_value = '%s' WHERE tag_name = 'DICOM' "
            + "AND study_id = (SELECT id FROM pacs.portal_study WHERE code = 'RTTRIAL')";

    @Test
    void anUploadResumesAsItsUserAfterKillAndShutdownAndFailsOnResumeWhenItsScopeIsGone() throws Exception {
        Path dir = Files.createDirectories(Path.of("target").toAbsolutePath().resolve("upload-restart-it-"
                + System.currentTimeMillis()));
        try (OwnDatabase db = OwnDatabase.postgresOrH2("pacs_upload_restart", dir);
                OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            Map<String, String> props = new LinkedHashMap<>(db.properties());
            props.put("pacs.demo.data", "true");
            props.put("pacs.receiver.port", Integer.toString(OrthancServer.freePort()));
            props.put("pacs.research.node", research.node());
            Path ear = dir.resolve("pacs.ear");
            Deployments.earWithTests(RestartDriverServlet.class).as(ZipExporter.class).exportTo(ear.toFile(), true);
            try (OwnWildFly server = OwnWildFly.builder("upload-restart").base(dir.resolve("server"))
                    .offset(PORT_OFFSET).properties(props).deploy(ear).readyWhenDriverAnswers().build()) {
                server.start();
                resumed(server, generate(dir.resolve("study-1"), "upload-restart-1"), "RTPLAN", "RT plan set", true);
                assertEquals(TOTAL, research.instanceCount(), "each instance exactly once in the research PACS");
                long followUp = resumed(server, generate(dir.resolve("study-2"), "upload-restart-2"), "FU",
                        "Follow-up CT", false);
                assertEquals(2 * TOTAL, research.instanceCount(), "each instance exactly once in the research PACS");
                int[] before = records(server, followUp);

                // the study loses its DICOM tag while the job runs; the resume refuses before any PACS is touched
                refused(server, research, generate(dir.resolve("study-3"), "upload-restart-3"), true,
                        DICOM_TAG.formatted("false"), "no longer collects DICOM data");
                server.driver("op=sql&statement=" + encode(DICOM_TAG.formatted("true")));
                // the user loses the job's site
                refused(server, research, generate(dir.resolve("study-4"), "upload-restart-4"), false,
                        "DELETE FROM pacs.portal_user_access WHERE user_name = 'uploader'",
                        "is no longer open to its user uploader");
                assertEquals(before[0], records(server, followUp)[0], "no record of a refused upload");
                assertEquals(before[1], records(server, followUp)[1], "no slot link of a refused upload");
                String log = Files.readString(server.serverLog());
                assertTrue(!log.contains(HOSPITAL_ID) && !log.contains("Uploadtest"), "patient value in server.log");
            }
        }
    }

    /** Uploads, interrupts after the first batch, restarts, and checks the job resumed and completed. */
    private static long resumed(OwnWildFly server, Path study, String event, String slotName, boolean kill)
            throws Exception {
        long slot = Long.parseLong(server.driver("op=slotof&pid=" + PID + "&event=" + event + "&slot="
                + encode(slotName)).trim());
        int[] before = records(server, slot);
        long job = upload(server, study, event, slotName);
        Map<String, String> s = runningPastFirstBatch(server, job);
        long first = Long.parseLong(s.get("execution"));
        stop(server, kill);
        long stoppedAt = System.currentTimeMillis();
        server.start();
        s = Awaitility.await("the upload resumed and finished").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(500)).until(() -> status(server, job),
                        now -> Long.parseLong(now.get("execution")) != first && "true".equals(now.get("finished")));
        assertEquals("COMPLETED", s.get("state"), s.toString());
        assertEquals("VERIFIED", s.get("exit"), s.toString());
        assertEquals(Integer.toString(TOTAL), s.get("verified"), s.toString());
        assertEquals(Integer.toString(TOTAL), s.get("total"), s.toString());
        assertEquals("0", s.get("failed"), s.toString());
        assertTrue(Files.readString(server.serverLog()).contains("Job execution " + first
                + " was interrupted by a server stop; restarted from its last checkpoint as execution "
                + s.get("execution")));
        // resumed, not started over: the batches verified before the stop were not touched again
        int untouched = Integer.parseInt(server.driver("op=untouched&job=" + job + "&before=" + stoppedAt).trim());
        assertTrue(untouched >= BATCH, untouched + " instances untouched since the stop, expected at least " + BATCH);
        int[] after = records(server, slot);
        assertEquals(before[0] + 1, after[0], "one study record");
        assertEquals(before[1] + 1, after[1], "one slot link");
        return slot;
    }

    /** Uploads, takes the job's scope away, interrupts, restarts: the resume fails with the reason, storing nothing. */
    private static void refused(OwnWildFly server, OrthancServer research, Path study, boolean kill, String change,
            String reason) throws Exception {
        long job = upload(server, study, "FU", "Follow-up CT");
        runningPastFirstBatch(server, job);
        server.driver("op=sql&statement=" + encode(change));
        stop(server, kill);
        int stored = research.instanceCount();
        server.start();
        Map<String, String> row = Awaitility.await("the resume failed").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> OwnWildFly.keyValues(server.driver("op=row&job=" + job)),
                        now -> "FAILED".equals(now.get("state")));
        assertTrue(row.get("exit").startsWith("FAILED: ") && row.get("exit").contains(reason), row.toString());
        assertEquals(stored, research.instanceCount(), "the refused resume stored nothing");
    }

    private static long upload(OwnWildFly server, Path study, String event, String slotName) throws Exception {
        return Long.parseLong(server.driver("op=upload&as=uploader&dir=" + encode(study.toString()) + "&pid=" + PID
                + "&event=" + event + "&slot=" + encode(slotName)).trim());
    }

    private static Map<String, String> runningPastFirstBatch(OwnWildFly server, long job) throws Exception {
        Map<String, String> s = Awaitility.await("the upload past its first batch").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(100)).until(() -> status(server, job), now -> {
                    assertEquals("false", now.get("finished"), "the upload finished before it could be interrupted: " + now);
                    return Integer.parseInt(now.get("verified")) >= BATCH && !"-1".equals(now.get("execution"));
                });
        StagingRestartIT.awaitCheckpoint(server, Long.parseLong(s.get("execution")));
        s = status(server, job);
        assertTrue(Integer.parseInt(s.get("verified")) < TOTAL, "the upload finished before the stop: " + s);
        return s;
    }

    private static void stop(OwnWildFly server, boolean kill) throws Exception {
        if (kill) {
            server.kill();
        } else {
            server.terminate();
        }
    }

    private static Map<String, String> status(OwnWildFly server, long job) throws Exception {
        return OwnWildFly.keyValues(server.driver("op=status&as=uploader&job=" + job));
    }

    /** @return the subject's study records and the slot's links (fills, in its history) */
    private static int[] records(OwnWildFly server, long slot) throws Exception {
        Map<String, String> m = OwnWildFly.keyValues(server.driver("op=records&pid=" + PID + "&slot=" + slot));
        return new int[] {Integer.parseInt(m.get("records")), Integer.parseInt(m.get("links"))};
    }

    static Path generate(Path out, String seed) throws Exception {
        assertEquals(TOTAL, RtStudyFiles.generate(out, "--patient-id", HOSPITAL_ID, "--patient-name",
                "Uploadtest^Ulrich", "--sex", "M", "--birth-date", "19570301", "--seed", seed, "--slices",
                Integer.toString(SLICES)).size(), "make_rt_study.py wrote every file");
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
