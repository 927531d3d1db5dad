package org.rpb.pacs.it.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;

import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.receiver.ModuleReceiver;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.staging.StagingException;
import org.rpb.pacs.job.JobAccess;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobRefusedException;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.job.JobStatus;

/**
 * Staging jobs that go wrong (issue 8, item 6), inside WildFly with real Orthanc: the clinical PACS
 * unreachable, the clinical PACS refusing the move, the research PACS going down in the middle, and a
 * cancel. Each job ends FAILED (or STOPPED) with a reason that says what happened and carries no patient
 * value; once the cause is gone a retry completes the copy, and the research PACS then holds every
 * instance exactly once.
 */
@ExtendWith(ArquillianExtension.class)
class StagingFailureIT {
    /** The demo's Study0 patient PID-S0-0001 at DD has this HIS patient ID. */
    private static final String HIS_ID = "1CT1";
    private static final String PID = "PID-S0-0001";
    private static final String NAME = "Failure^Fiona";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(StagingFailureIT.class, OrthancServer.class, TestStudies.class);
    }

    @EJB
    private StagingJobService jobs;

    @EJB
    private org.rpb.pacs.job.JobService engine;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private ModuleReceiver receiver;

    @EJB
    private JobAccess access;

    @jakarta.annotation.Resource(lookup = "java:jboss/datasources/PacsDS")
    private javax.sql.DataSource dataSource;

    @AfterEach
    void nodesBack() {
        System.clearProperty("pacs.clinical.node");
        System.clearProperty("pacs.research.node");
        System.clearProperty("pacs.staging.group-limit");
    }

    @Test
    void clinicalPacsUnreachableFailsWithTheReasonAndARetryCopiesOnceItIsUp(@TempDir Path dir) throws Exception {
        List<Path> files = TestStudies.write(dir.resolve("study"), HIS_ID, NAME, 2, 5);
        int dicom = OrthancServer.freePort();
        int web = OrthancServer.freePort();
        try (OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            System.setProperty("pacs.clinical.node", "CLINICAL@127.0.0.1:" + dicom);
            System.setProperty("pacs.research.node", research.node());
            String study = studyUid(files.get(0));
            long exec = stage(study);
            JobStatus failed = await(exec);
            assertEquals("FAILED", failed.state().name(), failed.toString());
            assertTrue(failed.outcome().startsWith("FAILED: cannot list the instances to copy"), failed.outcome());
            assertClean(failed.outcome());
            assertEquals(0, research.instanceCount());

            // the cause goes away: the clinical PACS comes up where the job looks for it
            try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"), moveDestination(), dicom, web)) {
                for (Path f : files) {
                    clinical.upload(f);
                }
                RunAs.user(DemoUsers.STAGER, () -> engine.retry(exec));
                assertComplete(await(exec), 10);
                assertEquals(10, research.instanceCount());
            }
        }
    }

    @Test
    void clinicalPacsRefusingTheMoveFailsWithTheReasonAndARetryCopiesOnceItKnowsUs(@TempDir Path dir) throws Exception {
        int dicom = OrthancServer.freePort();
        int web = OrthancServer.freePort();
        List<Path> files;
        String study;
        try (OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            System.setProperty("pacs.research.node", research.node());
            long exec;
            // the clinical PACS does not know the module's AE title as a move destination
            try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"), "", dicom, web)) {
                files = TestStudies.load(clinical, dir.resolve("study"), HIS_ID, NAME, 2, 5);
                study = clinical.studyUids().get(0);
                System.setProperty("pacs.clinical.node", clinical.node());
                exec = stage(study);
                JobStatus failed = await(exec);
                assertEquals("FAILED", failed.state().name(), failed.toString());
                assertTrue(failed.outcome().startsWith("FAILED: C-MOVE failed"), failed.outcome());
                assertClean(failed.outcome());
                // the instances of the refused series say why, too
                assertFalse(failures(exec).isEmpty(), failed.toString());
                assertTrue(failures(exec).stream().allMatch(f -> f.reason().startsWith("C-MOVE failed")), failed.toString());
                failures(exec).forEach(f -> assertClean(f.reason()));
                assertEquals(0, research.instanceCount());
            }
            // same archive and ports, now with the module as a known move destination
            try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"), moveDestination(), dicom, web)) {
                assertEquals(files.size(), clinical.instanceCount());
                RunAs.user(DemoUsers.STAGER, () -> engine.retry(exec));
                JobStatus done = await(exec);
                assertComplete(done, 10);
                assertEquals(List.of(), failures(exec));
                assertEquals(10, research.instanceCount());
            }
        }
    }

    @Test
    void researchPacsDownInTheMiddleFailsWithTheReasonAndARetryFinishesWithoutDuplicates(@TempDir Path dir) throws Exception {
        // enough series that the pipelined job is still running when the research PACS has gone (6 x 40 finished first)
        int series = 24;
        int each = 40;
        int dicom = OrthancServer.freePort();
        int web = OrthancServer.freePort();
        try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"), moveDestination())) {
            TestStudies.load(clinical, dir.resolve("study"), HIS_ID, NAME, series, each);
            String study = clinical.studyUids().get(0);
            System.setProperty("pacs.clinical.node", clinical.node());
            OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "", dicom, web);
            long exec;
            try {
                System.setProperty("pacs.research.node", research.node());
                exec = stage(study);
                // once the first series is verified, the research PACS goes away
                JobStatus running = awaitUntil(exec, s -> s.reached(InstanceState.VERIFIED) >= each);
                // at once: a SIGTERM'd Orthanc went on serving the job's open store associations until it had finished
                research.kill();
                assertFalse(running.finished(), "the job finished before the research PACS could be stopped: " + running);
            } finally {
                research.close();
            }
            JobStatus failed = await(exec);
            assertEquals("FAILED", failed.state().name(), failed.toString());
            assertTrue(failed.outcome().matches("FAILED: (research PACS not reachable before retrieval|store into .* failed"
                    + "|verification query failed).*"), failed.outcome());
            assertClean(failed.outcome());
            int verifiedBefore = failed.reached(InstanceState.VERIFIED);
            assertTrue(verifiedBefore >= each && verifiedBefore < series * each, failed.toString());

            // it comes back with what it had; the retry goes on from the failed series
            try (OrthancServer back = OrthancServer.start("RESEARCH", dir.resolve("research"), "", dicom, web)) {
                // what was verified is still there (and maybe what was stored but not verified any more)
                assertTrue(back.instanceCount() >= verifiedBefore, "research PACS lost instances");
                RunAs.user(DemoUsers.STAGER, () -> engine.retry(exec));
                JobStatus done = await(exec);
                assertComplete(done, series * each);
                assertEquals(series * each, back.instanceCount(), "each instance exactly once");
                assertEquals(1, back.studyUids().size());
            }
        }
    }

    @Test
    void cancelStopsARunningJobAfterItsRunOfSeriesAndARetryFinishesIt(@TempDir Path dir) throws Exception {
        int series = 6;
        int each = 40;
        try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"), moveDestination());
                OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            TestStudies.load(clinical, dir.resolve("study"), HIS_ID, NAME, series, each);
            String study = clinical.studyUids().get(0);
            System.setProperty("pacs.clinical.node", clinical.node());
            System.setProperty("pacs.research.node", research.node());
            // two series per run, three runs: a cancel stops the job after the run in progress, before the last
            System.setProperty("pacs.staging.group-limit", Integer.toString(2 * each));
            long exec = stage(study);
            JobStatus running = awaitUntil(exec, s -> s.reached(InstanceState.VERIFIED) >= each);
            assertFalse(running.finished(), "the job finished before it could be cancelled: " + running);
            RunAs.user(DemoUsers.STAGER, () -> {
                engine.cancel(exec);
                return null;
            });
            JobStatus stopped = await(exec);
            assertEquals("CANCELLED", stopped.state().name(), stopped.toString());
            assertEquals("CANCELLED", stopped.outcome(), stopped.toString());
            int verified = stopped.reached(InstanceState.VERIFIED);
            assertTrue(verified >= each && verified < series * each, stopped.toString());
            assertEquals(verified, research.instanceCount());

            RunAs.user(DemoUsers.STAGER, () -> engine.retry(exec));
            JobStatus done = await(exec);
            assertComplete(done, series * each);
            assertEquals(series * each, research.instanceCount(), "each instance exactly once");
        }
    }

    /**
     * What every execution checks before it copies anything (a start, a retry, a resume after a server stop,
     * which runs as the job's user): that it runs as the job's user, who still has the role and the study and site.
     */
    @Test
    void aJobRunsOnlyAsItsOwnUserWhileItsStudyAndSiteAreOpenToThem() throws Exception {
        JobParameters own = new JobParameters(JobType.STAGE, 1, "STUDY0", "DD", DemoUsers.STAGER, PID, null, 0,
                "1.2.826.0.1.3680043.2.1125.1", List.of(), PacsNode.parse("CLINICAL@127.0.0.1:104", "RPBPACS"),
                JobParameters.Method.MOVE, PacsNode.parse("RESEARCH@127.0.0.1:104", "RPBPACS"), false);
        RunAs.user(DemoUsers.STAGER, () -> {
            access.check(own);
            return null;
        });
        JobRefusedException other = assertThrows(JobRefusedException.class, () -> RunAs.user(DemoUsers.ADMIN, () -> {
            access.check(own);
            return null;
        }));
        assertEquals("the job runs as " + DemoUsers.ADMIN + ", not as its user " + DemoUsers.STAGER, other.getMessage());
        JobParameters elsewhere = new JobParameters(own.type(), 1, "STUDY0", "ZZ", DemoUsers.STAGER, PID, null, 0,
                own.studyInstanceUid(), List.of(), own.source(), own.method(), own.archive(), false);
        JobRefusedException closed = assertThrows(JobRefusedException.class, () -> RunAs.user(DemoUsers.STAGER, () -> {
            access.check(elsewhere);
            return null;
        }));
        assertEquals("the job's study STUDY0 at ZZ is no longer open to its user " + DemoUsers.STAGER, closed.getMessage());
        // a user without the upload role cannot run a staging job at all (the job's reader names the role)
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER, () -> {
            access.check(own.withUser(DemoUsers.VIEWER));
            return null;
        }));
    }

    /**
     * The caller's scope is read once per transaction and kept no longer: access withdrawn between two calls (here by
     * the portal's table, as a portal would) is refused at the next call, by the job's check as by the services.
     */
    @Test
    void accessWithdrawnBetweenTwoCallsIsRefusedAtTheNext() throws Exception {
        JobParameters own = new JobParameters(JobType.STAGE, 1, "STUDY0", "DD", DemoUsers.STAGER, PID, null, 0,
                "1.2.826.0.1.3680043.2.1125.1", List.of(), PacsNode.parse("CLINICAL@127.0.0.1:104", "RPBPACS"),
                JobParameters.Method.MOVE, PacsNode.parse("RESEARCH@127.0.0.1:104", "RPBPACS"), false);
        String access = "FROM pacs.portal_user_access WHERE user_name = '" + DemoUsers.STAGER + "' AND study_id = "
                + "(SELECT id FROM pacs.portal_study WHERE code = 'STUDY0') AND site_id = "
                + "(SELECT id FROM pacs.portal_site WHERE code = 'DD')";
        RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            access(own);
            return null;
        });
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("DELETE " + access));
        }
        try {
            JobRefusedException closed = assertThrows(JobRefusedException.class,
                    () -> RunAs.user(DemoUsers.STAGER, () -> access(own)));
            assertEquals("the job's study STUDY0 at DD is no longer open to its user " + DemoUsers.STAGER,
                    closed.getMessage());
            RunAs.user(DemoUsers.STAGER, () -> {
                assertFalse(scopes.choices().stream().anyMatch(s -> s.is("STUDY0", "DD")), "no longer a choice");
                assertFalse(scopes.current().is("STUDY0", "DD"), "no longer the active scope");
                assertThrows(org.rpb.pacs.portal.ScopeNotAccessibleException.class, () -> scopes.select("STUDY0", "DD"));
                return null;
            });
        } finally {
            try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO pacs.portal_user_access (user_name, study_id, site_id) SELECT '"
                        + DemoUsers.STAGER + "', st.id, si.id FROM pacs.portal_study st, pacs.portal_site si "
                        + "WHERE st.code = 'STUDY0' AND si.code = 'DD'");
            }
        }
        RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            access(own);
            return null;
        });
    }

    private Void access(JobParameters p) throws JobRefusedException {
        access.check(p);
        return null;
    }

    /** The receiver is only for those who start staging jobs (the test itself calls as nobody). */
    private String moveDestination() throws Exception {
        int port = RunAs.user(DemoUsers.STAGER, () -> receiver.receiver().localAddress().getPort());
        return "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", " + port + "]";
    }

    private long stage(String study) throws Exception {
        return RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            return jobs.stageIntoStudy0(study, List.of(), PID);
        });
    }

    private static void assertComplete(JobStatus s, int instances) {
        assertEquals("COMPLETED", s.state().name(), s.toString());
        assertEquals("VERIFIED", s.outcome(), s.toString());
        assertEquals(instances, s.reached(InstanceState.VERIFIED), s.toString());
        assertEquals(instances, s.total(), s.toString());
    }

    /** A reason names nodes and DICOM statuses, never the patient's identity. */
    private static void assertClean(String reason) {
        for (String value : List.of(HIS_ID, NAME, "Failure", "Fiona")) {
            assertFalse(reason.contains(value), "patient value in the reason: " + reason);
        }
    }

    private static String studyUid(Path file) throws Exception {
        return TestStudies.run(60, "/usr/bin/python3", "-c",
                "import sys, pydicom; print(pydicom.dcmread(sys.argv[1]).StudyInstanceUID)", file.toString()).trim();
    }

    private List<org.rpb.pacs.job.InstanceProgress> failures(long job) throws Exception {
        return RunAs.user(DemoUsers.STAGER, () -> {
            scopes.select("STUDY0", "DD");
            return engine.instances(job, true);
        });
    }

    private JobStatus await(long exec) throws Exception {
        return awaitUntil(exec, JobStatus::finished);
    }

    private JobStatus awaitUntil(long exec, Predicate<JobStatus> done) {
        return Awaitility.await("job " + exec + " there").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(100))
                .until(() -> RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return engine.status(exec);
                }), s -> done.test(s) || s.finished());
    }
}
