package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.OwnDatabase;
import org.rpb.pacs.it.support.OwnWildFly;

/**
 * A staging job survives WildFly being killed in the middle (issue 8, item 5 and its restart test). The
 * test runs its own WildFly ({@link OwnWildFly}: pacs-server's configured server, ports shifted, its own
 * database) so that it can kill it with SIGKILL: it stages a study of several series from a real clinical
 * Orthanc, kills the server while the job is in a later series, starts it again, and expects the module to
 * resume the job by itself from its last checkpoint: the job completes with every instance verified, the
 * series finished before the kill are not done again, and the research Orthanc holds each instance once.
 * The same again with an orderly shutdown (SIGTERM) in the middle of a second job, and with a third job
 * killed while the automatic resume is off, which the stager's retry then resumes.
 * Not an Arquillian test; every process it starts is stopped at the end, also on failure.
 */
class StagingRestartIT {
    private static final String HIS_ID = "1CT1";
    private static final String PID = "PID-S0-0001";
    private static final int SERIES = 6;
    private static final int EACH = 80;
    private static final int TOTAL = SERIES * EACH;
    private static final String NAME = "Restart^Rita";
    private static final int PORT_OFFSET = 310;

    @Test
    void aJobResumesFromItsCheckpointAfterWildFlyIsKilledAndAfterAShutdownWithoutDuplicates() throws Exception {
        Path dir = Files.createDirectories(Path.of("target").toAbsolutePath().resolve("restart-it-" + System.currentTimeMillis()));
        int receiverPort = OrthancServer.freePort();
        try (OwnDatabase db = OwnDatabase.postgresOrH2("pacs_restart", dir);
                OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", " + receiverPort + "]");
                OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            TestStudies.load(clinical, dir.resolve("study-1"), HIS_ID, NAME, SERIES, EACH);
            String[] studies = new String[3];
            for (int k = 0; k < studies.length; k++) {
                List<Path> files = TestStudies.load(clinical, dir.resolve("study-" + k), HIS_ID, NAME, SERIES, EACH);
                studies[k] = TestStudies.run(60, "/usr/bin/python3", "-c", "import sys, pydicom; "
                        + "print(pydicom.dcmread(sys.argv[1]).StudyInstanceUID)", files.get(0).toString()).trim();
            }

            Map<String, String> props = new LinkedHashMap<>(db.properties());
            props.put("pacs.demo.data", "true");
            props.put("pacs.receiver.port", Integer.toString(receiverPort));
            props.put("pacs.clinical.node", clinical.node());
            props.put("pacs.research.node", research.node());
            // two series of 80 per run of the pipeline, so the job has checkpoints to resume from
            props.put("pacs.staging.group-limit", Integer.toString(2 * EACH));
            Path ear = dir.resolve("pacs.ear");
            Deployments.earWithTests(RestartDriverServlet.class).as(ZipExporter.class).exportTo(ear.toFile(), true);
            try (OwnWildFly server = OwnWildFly.builder("restart").base(dir.resolve("server")).offset(PORT_OFFSET)
                    .properties(props).deploy(ear).readyWhenDriverAnswers().build()) {
                server.start();
                // a crash: SIGKILL, the repository keeps the execution STARTED
                interruptAndResume(server, studies[0], Stop.KILL);
                assertEquals(TOTAL, research.instanceCount(), "each instance exactly once in the research PACS");
                // an orderly shutdown (SIGTERM): WildFly asks the job to stop
                interruptAndResume(server, studies[1], Stop.SHUTDOWN);
                assertEquals(2 * TOTAL, research.instanceCount(), "each instance exactly once in the research PACS");
                // a crash with the automatic resume off: the stager's retry resumes the job
                server.property("pacs.jobs.recovery", "false");
                interruptAndResume(server, studies[2], Stop.KILL_THEN_RETRY);
                assertEquals(3 * TOTAL, research.instanceCount(), "each instance exactly once in the research PACS");
                assertEquals(3, research.studyUids().size());
                String log = Files.readString(server.serverLog());
                assertTrue(!log.contains(HIS_ID) && !log.contains(NAME), "patient value in server.log");
                // the series folders of the killed run (clinical files) did not stay on disk
                try (Stream<Path> left = Files.list(dir.resolve("server/data/pacs/staging"))) {
                    assertEquals(List.of(), left.toList());
                }
            }
        }
    }

    /**
     * Stages a study, interrupts the server once the first series is committed (the next one reports) while
     * the job still runs, starts the server again, and checks that the module resumed the job by itself.
     */
    private static void interruptAndResume(OwnWildFly server, String study, Stop how) throws Exception {
        boolean kill = how != Stop.SHUTDOWN;
        long job = Long.parseLong(server.driver("op=stage&study=" + study + "&pid=" + PID).trim());
        Map<String, String> s = Awaitility.await("the job past its first series").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(100)).until(() -> status(server, job), now -> {
                    assertEquals("false", now.get("finished"), "the job finished before it could be interrupted: " + now);
                    return Integer.parseInt(now.get("verified")) >= EACH;
                });
        long first = Long.parseLong(s.get("execution"));
        // verified is not yet checkpointed: the stop must come after the first series' checkpoint committed, or the
        // resume rightly does that series again
        awaitCheckpoint(server, first);
        s = status(server, job);
        if (kill) {
            server.kill();
        } else {
            server.terminate();
        }
        long stoppedAt = System.currentTimeMillis();
        int verifiedThen = Integer.parseInt(s.get("verified"));
        assertTrue(verifiedThen >= EACH && verifiedThen < TOTAL, s.toString());

        server.start();
        Map<String, String> stale = status(server, job);
        if (how == Stop.KILL_THEN_RETRY) {
            // longer than the recovery's delay: it is off, so the job stays as it was left
            Awaitility.await("the job left as it was without the recovery").during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "STARTED".equals(status(server, job).get("batch")));
            stale = status(server, job);
            long retried = Long.parseLong(server.driver("op=retry&job=" + job).trim());
            assertNotEquals(first, retried);
        }
        Map<String, String> last = awaitResumed(server, job, first);
        assertEquals("COMPLETED", last.get("batch"), last.toString());
        assertEquals("COMPLETED", last.get("state"), last.toString());
        assertEquals("VERIFIED", last.get("exit"), last.toString());
        assertEquals(Integer.toString(TOTAL), last.get("verified"), last.toString());
        assertEquals("0", last.get("failed"), last.toString());
        assertEquals(Integer.toString(TOTAL), last.get("total"), last.toString());
        // the interrupted execution was marked FAILED before its restart: a killed one, and a shut down one
        // too when WildFly did not wait for the series to end (it does not by default: the repository keeps
        // STARTED); had it waited, the job would have ended STOPPED as INTERRUPTED and been restarted as such
        Map<String, String> marked = OwnWildFly.keyValues(server.driver("op=execution&id=" + first));
        assertTrue(marked.get("batch").equals("FAILED") || !kill && marked.get("batch").equals("STOPPED")
                && marked.get("exit").equals("INTERRUPTED"), "after the restart " + marked + ", just after the start " + stale);
        String log = Files.readString(server.serverLog());
        String line = how == Stop.KILL_THEN_RETRY
                ? "Interrupted job execution " + first + " retried as execution " + last.get("execution")
                : "Job execution " + first + " was interrupted by a server stop; restarted from its last "
                        + "checkpoint as execution " + last.get("execution");
        assertTrue(log.contains(line), "not in the log: " + line);
        // resumed, not started over: the series finished before the interruption were not touched again
        int untouched = Integer.parseInt(server.driver("op=untouched&job=" + job + "&before=" + stoppedAt).trim());
        assertTrue(untouched >= EACH, untouched + " instances untouched since the stop, expected at least " + EACH);
    }

    /** How the server goes away in the middle of a job. */
    private enum Stop {
        /** SIGKILL; the module resumes the job at the next start. */
        KILL,
        /** SIGTERM; the module resumes the job at the next start. */
        SHUTDOWN,
        /** SIGKILL, the next start without automatic resume; the stager retries the job. */
        KILL_THEN_RETRY
    }

    private static Map<String, String> awaitResumed(OwnWildFly server, long job, long first) {
        return Awaitility.await("the job resumed and finished").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(500)).until(() -> status(server, job),
                        s -> Long.parseLong(s.get("execution")) != first && "true".equals(s.get("finished")));
    }

    /** Waits until the execution's first checkpoint is committed in the batch repository. */
    static void awaitCheckpoint(OwnWildFly server, long execution) {
        Awaitility.await("execution " + execution + " committed its first checkpoint").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> Integer.parseInt(server.driver("op=checkpointed&execution=" + execution).trim()) > 0);
    }

    private static Map<String, String> status(OwnWildFly server, long job) throws Exception {
        return OwnWildFly.keyValues(server.driver("op=status&job=" + job));
    }
}
