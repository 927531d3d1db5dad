package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.rpb.pacs.it.support.Orthanc;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.rpb.pacs.it.support.Deployments;

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
        int receiverPort = Orthanc.freePort();
        Database db = Database.create(dir);
        try (Orthanc clinical = Orthanc.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", " + receiverPort + "]");
                Orthanc research = Orthanc.start("RESEARCH", dir.resolve("research"), "")) {
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
            Path ear = dir.resolve("pacs.ear");
            Deployments.earWithTests(RestartDriverServlet.class).as(ZipExporter.class).exportTo(ear.toFile(), true);
            try (OwnWildFly server = OwnWildFly.prepare(wildflyHome(), dir.resolve("server"), PORT_OFFSET, props, ear)) {
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
        } finally {
            db.drop();
        }
    }

    /**
     * Stages a study, interrupts the server once the first series is committed (the next one reports) while
     * the job still runs, starts the server again, and checks that the module resumed the job by itself.
     */
    private static void interruptAndResume(OwnWildFly server, String study, Stop how) throws Exception {
        boolean kill = how != Stop.SHUTDOWN;
        long job = Long.parseLong(server.driver("op=stage&study=" + study + "&pid=" + PID).trim());
        Map<String, String> s = status(server, job);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (Integer.parseInt(s.get("verified")) < EACH) {
            assertTrue(System.nanoTime() < deadline, "the job did not get past its first series: " + s);
            Thread.sleep(100);
            s = status(server, job);
            assertEquals("false", s.get("finished"), "the job finished before it could be interrupted: " + s);
        }
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
            Thread.sleep(5000); // longer than the recovery's delay: it is off, so the job stays as it was left
            stale = status(server, job);
            assertEquals("STARTED", stale.get("batch"), stale.toString());
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
        Map<String, String> marked = parse(server.driver("op=execution&id=" + first));
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

    private static Map<String, String> awaitResumed(OwnWildFly server, long job, long first) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            Map<String, String> s = status(server, job);
            if (Long.parseLong(s.get("execution")) != first && "true".equals(s.get("finished"))) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job was not resumed and finished within 300 s: " + s);
            }
            Thread.sleep(500);
        }
    }

    /** Waits until the execution's first checkpoint is committed in the batch repository. */
    static void awaitCheckpoint(OwnWildFly server, long execution) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Integer.parseInt(server.driver("op=checkpointed&execution=" + execution).trim()) == 0) {
            assertTrue(System.nanoTime() < deadline, "execution " + execution + " committed no checkpoint within 60 s");
            Thread.sleep(50);
        }
    }

    private static Map<String, String> status(OwnWildFly server, long job) throws Exception {
        return parse(server.driver("op=status&job=" + job));
    }

    static Map<String, String> parse(String lines) {
        Map<String, String> m = new HashMap<>();
        for (String line : lines.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    static Path wildflyHome() {
        return Path.of(System.getProperty("pacs.it.wildfly.home", "../pacs-server/target/wildfly")).toAbsolutePath();
    }

    /**
     * The own server's database: a fresh database in the PostgreSQL cluster of scripts/test.sh when the
     * build runs against one, else an H2 file under the test folder; never the Arquillian server's.
     */
    record Database(Map<String, String> properties, Runnable dropper) {

        static Database create(Path dir) throws IOException, InterruptedException {
            String driver = System.getProperty("pacs.db.driver", "h2");
            if (!"postgresql".equals(driver)) {
                return new Database(Map.of("pacs.db.driver", "h2", "pacs.db.url", "jdbc:h2:" + dir.resolve("db/pacs")
                        + ";MODE=LEGACY;DATABASE_TO_LOWER=TRUE", "pacs.db.user", "sa", "pacs.db.password", "sa"), () -> { });
            }
            String url = System.getProperty("pacs.db.url");
            Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)").matcher(url);
            if (!m.matches()) {
                throw new IOException("unexpected pacs.db.url " + url);
            }
            String user = System.getProperty("pacs.db.user");
            String password = System.getProperty("pacs.db.password");
            String name = "pacs_restart_" + System.currentTimeMillis();
            pg("createdb", m.group(1), m.group(2), user, password, name);
            String own = "jdbc:postgresql://" + m.group(1) + ":" + m.group(2) + "/" + name;
            return new Database(Map.of("pacs.db.driver", "postgresql", "pacs.db.url", own, "pacs.db.user", user,
                    "pacs.db.password", password), () -> {
                        try {
                            pg("dropdb", m.group(1), m.group(2), user, password, name);
                        } catch (IOException | InterruptedException e) {
                            // the cluster of scripts/test.sh is thrown away anyway
                        }
                    });
        }

        void drop() {
            dropper.run();
        }

        private static void pg(String tool, String host, String port, String user, String password, String db)
                throws IOException, InterruptedException {
            Path bin;
            try (var s = Files.list(Path.of("/usr/lib/postgresql"))) {
                bin = s.map(p -> p.resolve("bin/" + tool)).filter(Files::isExecutable).sorted().reduce((a, b) -> b)
                        .orElseThrow(() -> new IOException(tool + " not found: apt-get install postgresql"));
            }
            ProcessBuilder pb = new ProcessBuilder(List.of(bin.toString(), "-h", host, "-p", port, "-U", user, db))
                    .redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", password);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(tool + " " + db + " failed: " + out);
            }
        }
    }
}
