package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.OwnDatabase;
import org.rpb.pacs.it.support.OwnWildFly;
import org.rpb.pacs.job.lease.JobLeaseService;

/**
 * Jobs are owned by one node of the cluster at a time and taken over when that node dies (issue 14). Two nodes of
 * the cluster profile on one PostgreSQL database of the test's own, one shared job folder ({@code pacs.jobs.dir}),
 * each node with its own DICOM receiver (both known to the clinical Orthanc). A staging job of 480 instances and an
 * upload job of 300 instances start on node A; once both are past their first checkpoint node A is killed with
 * SIGKILL; node B takes both over by their expired leases and finishes them within 2 minutes: every instance
 * verified, each once in the research Orthanc, one study record each, one slot link for the upload, one audited
 * completion each. Node A then starts again and runs neither job again. Then two staging jobs started together on
 * node A both complete, and every job shows in the job list of both nodes. Then a staging job of 1,600 instances that
 * runs on node A is cancelled through node B: node A stops it within a minute, nothing more is stored, and a retry
 * through node B completes it with each instance once. Not an Arquillian test; every process it starts is stopped
 * at the end, also on failure.
 */
class ClusterJobTakeoverIT {
    private static final String HIS_ID = "1CT1";
    private static final String STAGE_PID = "PID-S0-0001";
    private static final String UPLOAD_PID = "PID-RT-0101";
    private static final int SERIES = 6;
    private static final int EACH = 80;
    private static final int STAGE_TOTAL = SERIES * EACH;
    private static final int UPLOAD_TOTAL = 300;
    private static final int SMALL_SERIES = 2;
    private static final int SMALL_EACH = 20;
    /** Enough series that the job cannot finish within the cancel's way to node A (its poll and the series in progress). */
    private static final int CANCEL_SERIES = 20;
    private static final int CANCEL_TOTAL = CANCEL_SERIES * EACH;
    private static final int NODE_A_OFFSET = 440;
    private static final int NODE_B_OFFSET = 450;

    @Test
    void aDeadNodesJobsAreFinishedByTheOtherNodeOnceAndConcurrentJobsRunOnOneNode() throws Exception {
        Path dir = Files.createDirectories(Path.of("target").toAbsolutePath()
                .resolve("cluster-jobs-it-" + System.currentTimeMillis()));
        int receiverA = OrthancServer.freePort();
        int receiverB = OrthancServer.freePort();
        try (OwnDatabase db = OwnDatabase.postgres("pacs_cluster_jobs");
                OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACSA\": [\"RPBPACSA\", \"127.0.0.1\", " + receiverA + "], "
                        + "\"RPBPACSB\": [\"RPBPACSB\", \"127.0.0.1\", " + receiverB + "]");
                OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            String big = study(clinical, dir.resolve("study-big"), SERIES, EACH);
            String small1 = study(clinical, dir.resolve("study-small-1"), SMALL_SERIES, SMALL_EACH);
            String small2 = study(clinical, dir.resolve("study-small-2"), SMALL_SERIES, SMALL_EACH);
            String toCancel = study(clinical, dir.resolve("study-cancel"), CANCEL_SERIES, EACH);
            Path upload = UploadRestartIT.generate(dir.resolve("upload"), "cluster-takeover");

            // one key, exchange and job folder (the node taking an upload over finds its files), both JGroups ports
            Map<String, String> shared = OwnWildFly.clusterShared(dir, NODE_A_OFFSET, NODE_B_OFFSET);
            shared.putAll(db.properties());
            shared.put("pacs.demo.data", "true");
            shared.put("pacs.clinical.node", clinical.node());
            shared.put("pacs.research.node", research.node());
            // each 80-instance series runs alone: a checkpoint after each, so the takeover resumes from one, and a cancel
            // through the other node (passed on by a timer) arrives while the job still has series to run
            shared.put("pacs.staging.group-limit", Integer.toString(EACH));
            // node A looks for cancels asked through node B every second (2 by default): the job's 1,520 instances after
            // its first series take 4 s or more here, and node A must see the cancel while series are left to run
            shared.put(JobLeaseService.CANCEL_PROPERTY, "1");
            Map<String, String> pa = new LinkedHashMap<>(shared);
            pa.put("pacs.receiver.aet", "RPBPACSA");
            pa.put("pacs.receiver.port", Integer.toString(receiverA));
            Map<String, String> pb = new LinkedHashMap<>(shared);
            pb.put("pacs.receiver.aet", "RPBPACSB");
            pb.put("pacs.receiver.port", Integer.toString(receiverB));
            Path ear = dir.resolve("pacs.ear");
            Deployments.earWithTests(RestartDriverServlet.class).as(ZipExporter.class).exportTo(ear.toFile(), true);
            try (OwnWildFly a = OwnWildFly.clusterNode("nodeA", dir, NODE_A_OFFSET).properties(pa).deploy(ear)
                    .readyWhenDriverAnswers().build();
                    OwnWildFly b = OwnWildFly.clusterNode("nodeB", dir, NODE_B_OFFSET).properties(pb).deploy(ear)
                            .readyWhenDriverAnswers().build()) {
                // one after the other: the first node migrates the schema and loads the demo data
                a.start();
                b.start();
                long[] taken = takeover(a, b, research, big, upload);
                concurrent(a, b, research, small1, small2, taken);
                cancelThroughTheOtherNode(a, b, research, toCancel);
                for (OwnWildFly n : List.of(a, b)) {
                    String log = Files.readString(n.serverLog());
                    assertTrue(!log.contains(HIS_ID) && !log.contains("Uploadtest"), "patient value in " + n.serverLog());
                }
            }
        }
    }

    /** Both jobs on node A, A killed, B finishes both once; A comes back and runs neither again. */
    private static long[] takeover(OwnWildFly a, OwnWildFly b, OrthancServer research, String study, Path upload)
            throws Exception {
        long slot = Long.parseLong(a.driver("op=slotof&pid=" + UPLOAD_PID + "&event=RTPLAN&slot="
                + encode("RT plan set")).trim());
        int[] linksBefore = records(a, slot);
        int stage0Before = count(a, "SELECT COUNT(*) FROM pacs.dicom_study_record WHERE study_code = 'STUDY0'");
        int stagedBefore = count(a, "SELECT COUNT(*) FROM pacs.audit_event WHERE action = 'STAGE'");
        int uploadedBefore = count(a, "SELECT COUNT(*) FROM pacs.audit_event WHERE action = 'UPLOAD'");

        long staging = Long.parseLong(a.driver("op=stage&study=" + study + "&pid=" + STAGE_PID).trim());
        long uploading = Long.parseLong(a.driver("op=upload&as=uploader&dir=" + encode(upload.toString()) + "&pid="
                + UPLOAD_PID + "&event=RTPLAN&slot=" + encode("RT plan set")).trim());
        // both past their first checkpoint (a series of 80, a batch of 50) and still running on node A
        Map<String, String>[] firstRun = awaitPast(a, staging, uploading);
        assertEquals("nodeA", owner(a, staging));
        assertEquals("nodeA", owner(a, uploading));
        long stagingFirst = Long.parseLong(firstRun[0].get("execution"));
        long uploadFirst = Long.parseLong(firstRun[1].get("execution"));
        a.kill();
        long killedAt = System.nanoTime();

        // node B: lease (30 s) expired, its scan (every 15 s) takes both over and resumes them from the checkpoint
        Map<String, String>[] done = new Map[2];
        Awaitility.await("both jobs finished on node B within 2 minutes of the kill").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    done[0] = status(b, staging, false);
                    done[1] = status(b, uploading, true);
                    return finishedAnew(done[0], stagingFirst) && finishedAnew(done[1], uploadFirst);
                });
        long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
        System.out.println("cluster takeover: both jobs finished on node B " + took + " s after node A was killed");
        verified(done[0], STAGE_TOTAL);
        verified(done[1], UPLOAD_TOTAL);
        assertEquals("nodeB", owner(b, staging));
        assertEquals("nodeB", owner(b, uploading));
        assertEquals(STAGE_TOTAL + UPLOAD_TOTAL, research.instanceCount(), "each instance exactly once in the research PACS");
        assertEquals(stage0Before + 1, count(b, "SELECT COUNT(*) FROM pacs.dicom_study_record WHERE study_code = 'STUDY0'"),
                "one study record of the staging job");
        int[] links = records(b, slot);
        assertEquals(linksBefore[0] + 1, links[0], "one study record of the upload");
        assertEquals(linksBefore[1] + 1, links[1], "one slot link of the upload");
        assertEquals(stagedBefore + 1, count(b, "SELECT COUNT(*) FROM pacs.audit_event WHERE action = 'STAGE'"),
                "one audited completion of the staging job");
        assertEquals(uploadedBefore + 1, count(b, "SELECT COUNT(*) FROM pacs.audit_event WHERE action = 'UPLOAD'"),
                "one audited completion of the upload job");
        String logB = Files.readString(b.serverLog());
        for (long first : new long[] {stagingFirst, uploadFirst}) {
            assertTrue(logB.contains("Job execution " + first + " was interrupted by a server stop; restarted from its "
                    + "last checkpoint as execution "), "node B did not resume execution " + first);
        }
        // released just after the job's row ended
        Awaitility.await("both leases released at the end").atMost(Duration.ofSeconds(10))
                .until(() -> count(b, "SELECT COUNT(*) FROM pacs.job_lease") == 0);

        // node A comes back: its leases were taken over, it resumes nothing and runs no job twice
        a.start();
        // its first two recovery scans (3 s after the start, then every 15 s) must not touch either job
        Awaitility.await("node A resumes nothing after it came back").during(Duration.ofSeconds(20))
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        !Files.readString(a.serverLog()).contains("restarted from its last checkpoint")
                        && done[0].get("execution").equals(status(a, staging, false).get("execution"))
                        && done[1].get("execution").equals(status(a, uploading, true).get("execution")));
        assertEquals(STAGE_TOTAL + UPLOAD_TOTAL, research.instanceCount(), "nothing stored again");
        assertEquals(0, count(a, "SELECT COUNT(*) FROM pacs.job_lease"), "node A claimed nothing");
        return new long[] {staging, uploading};
    }

    /** Two staging jobs started together on node A both complete; every job shows in the job lists of both. */
    private static void concurrent(OwnWildFly a, OwnWildFly b, OrthancServer research, String study1, String study2,
            long[] taken) throws Exception {
        int before = research.instanceCount();
        long one = Long.parseLong(a.driver("op=stage&study=" + study1 + "&pid=" + STAGE_PID).trim());
        long two = Long.parseLong(a.driver("op=stage&study=" + study2 + "&pid=" + STAGE_PID).trim());
        Map<String, String>[] done = new Map[2];
        Awaitility.await("both concurrent jobs completed").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    done[0] = status(a, one, false);
                    done[1] = status(a, two, false);
                    return ended(done[0]) && ended(done[1]);
                });
        verified(done[0], SMALL_SERIES * SMALL_EACH);
        verified(done[1], SMALL_SERIES * SMALL_EACH);
        assertEquals("nodeA", owner(b, one));
        assertEquals(before + 2 * SMALL_SERIES * SMALL_EACH, research.instanceCount());
        for (OwnWildFly n : List.of(a, b)) {
            List<String> staged = Arrays.asList(n.driver("op=jobs").trim().split(","));
            assertTrue(staged.containsAll(List.of(Long.toString(one), Long.toString(two), Long.toString(taken[0]))),
                    n.name() + " lists the staging jobs of STUDY0 at DD: " + staged);
            List<String> uploads = Arrays.asList(n.driver("op=jobs&as=uploader").trim().split(","));
            assertTrue(uploads.contains(Long.toString(taken[1])), n.name() + " lists the upload of RTTRIAL at DD: " + uploads);
        }
    }

    /**
     * A staging job that node A runs is cancelled through node B (a user whose session is on B): node A stops it
     * after the series in progress, as cancelled, and stores nothing more; a retry through node B claims it and
     * completes it from its last checkpoint, each instance once.
     */
    private static void cancelThroughTheOtherNode(OwnWildFly a, OwnWildFly b, OrthancServer research, String study)
            throws Exception {
        int before = research.instanceCount();
        int stage0Before = count(a, "SELECT COUNT(*) FROM pacs.dicom_study_record WHERE study_code = 'STUDY0'");
        int stagedBefore = count(a, "SELECT COUNT(*) FROM pacs.audit_event WHERE action = 'STAGE'");
        long job = Long.parseLong(a.driver("op=stage&study=" + study + "&pid=" + STAGE_PID).trim());
        Map<String, String> running = Awaitility.await("the job past its first series on node A")
                .atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(100)).until(() -> status(a, job, false), s -> {
                    assertEquals("false", s.get("finished"), "the job finished before it could be cancelled: " + s);
                    return Integer.parseInt(s.get("verified")) >= EACH;
                });
        long first = Long.parseLong(running.get("execution"));
        assertEquals("nodeA", owner(b, job));

        assertEquals("ok", b.driver("op=cancel&job=" + job).trim());
        long askedAt = System.nanoTime();
        Map<String, String> stopped = Awaitility.await("the job stopped on node A after its cancel through node B")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> status(b, job, false), ClusterJobTakeoverIT::ended);
        System.out.println("cluster cancel: the job stopped on node A " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                - askedAt) + " ms after its cancel through node B, " + stopped.get("verified") + " of " + CANCEL_TOTAL
                + " instances verified");
        assertEquals("CANCELLED", stopped.get("state"), stopped.toString());
        assertEquals("CANCELLED", stopped.get("exit"), stopped.toString());
        assertEquals("STOPPED", stopped.get("batch"), stopped.toString());
        assertEquals(Long.toString(first), stopped.get("execution"), "node A's execution stopped, no other ran");
        assertTrue(Integer.parseInt(stopped.get("verified")) < CANCEL_TOTAL, "stopped before its end: " + stopped);
        assertTrue(Files.readString(a.serverLog()).contains("Job execution " + first + " cancelled through another node"),
                "node A stopped the execution on the cancel through node B");
        int stored = research.instanceCount();
        assertTrue(stored - before < CANCEL_TOTAL, "stopped before everything was stored: " + (stored - before));
        Awaitility.await("nothing more stored after the cancel").during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> research.instanceCount() == stored);
        Awaitility.await("the lease released at the cancel").atMost(Duration.ofSeconds(10))
                .until(() -> count(b, "SELECT COUNT(*) FROM pacs.job_lease") == 0);

        // a retry through node B claims the job there and completes it from its last checkpoint
        long retried = Long.parseLong(b.driver("op=retry&job=" + job).trim());
        Map<String, String> done = Awaitility.await("the retried job completed on node B").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofSeconds(1)).until(() -> status(a, job, false), s -> finishedAnew(s, first));
        verified(done, CANCEL_TOTAL);
        assertEquals(Long.toString(retried), done.get("execution"));
        assertEquals("nodeB", owner(a, job));
        assertEquals(before + CANCEL_TOTAL, research.instanceCount(), "each instance exactly once in the research PACS");
        assertEquals(stage0Before + 1, count(a, "SELECT COUNT(*) FROM pacs.dicom_study_record WHERE study_code = 'STUDY0'"),
                "one study record of the cancelled and retried job");
        assertEquals(stagedBefore + 1, count(a, "SELECT COUNT(*) FROM pacs.audit_event WHERE action = 'STAGE'"),
                "one audited completion of the cancelled and retried job");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String>[] awaitPast(OwnWildFly node, long staging, long uploading) {
        Map<String, String>[] s = new Map[2];
        Awaitility.await("both jobs past their first checkpoint").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    s[0] = status(node, staging, false);
                    s[1] = status(node, uploading, true);
                    assertEquals("false", s[0].get("finished"), "the staging job finished before the kill: " + s[0]);
                    assertEquals("false", s[1].get("finished"), "the upload finished before the kill: " + s[1]);
                    return Integer.parseInt(s[0].get("verified")) >= EACH && Integer.parseInt(s[1].get("verified")) >= 50
                            && !"-1".equals(s[1].get("execution"));
                });
        return s;
    }

    private static boolean finishedAnew(Map<String, String> s, long first) {
        return Long.parseLong(s.get("execution")) != first && ended(s);
    }

    /** The job's row and its batch execution both ended (the batch status is written just after the row). */
    private static boolean ended(Map<String, String> s) {
        return "true".equals(s.get("finished")) && !List.of("STARTING", "STARTED", "STOPPING").contains(s.get("batch"));
    }

    private static void verified(Map<String, String> s, int total) {
        assertEquals("COMPLETED", s.get("batch"), s.toString());
        assertEquals("COMPLETED", s.get("state"), s.toString());
        assertEquals("VERIFIED", s.get("exit"), s.toString());
        assertEquals(Integer.toString(total), s.get("verified"), s.toString());
        assertEquals(Integer.toString(total), s.get("total"), s.toString());
        assertEquals("0", s.get("failed"), s.toString());
    }

    private static String study(OrthancServer clinical, Path folder, int series, int each) throws Exception {
        List<Path> files = TestStudies.load(clinical, folder, HIS_ID, "Cluster^Clara", series, each);
        return TestStudies.run(60, "/usr/bin/python3", "-c", "import sys, pydicom; "
                + "print(pydicom.dcmread(sys.argv[1]).StudyInstanceUID)", files.get(0).toString()).trim();
    }

    private static Map<String, String> status(OwnWildFly node, long job, boolean upload) throws Exception {
        return OwnWildFly.keyValues(node.driver("op=status&job=" + job + (upload ? "&as=uploader" : "")));
    }

    private static String owner(OwnWildFly node, long job) throws Exception {
        List<String> nodes = new ArrayList<>();
        for (String n : List.of("nodeA", "nodeB")) {
            if (count(node, "SELECT COUNT(*) FROM pacs.pacs_job WHERE id = " + job + " AND owner_node = '" + n + "'") == 1) {
                nodes.add(n);
            }
        }
        assertEquals(1, nodes.size(), "owner of job " + job + ": " + nodes);
        return nodes.get(0);
    }

    private static int count(OwnWildFly node, String sql) throws Exception {
        return Integer.parseInt(node.driver("op=count&statement=" + encode(sql)).trim());
    }

    /** @return the upload subject's study records and the slot's links */
    private static int[] records(OwnWildFly node, long slot) throws Exception {
        Map<String, String> m = OwnWildFly.keyValues(node.driver("op=records&pid=" + UPLOAD_PID + "&slot=" + slot));
        return new int[] {Integer.parseInt(m.get("records")), Integer.parseInt(m.get("links"))};
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
