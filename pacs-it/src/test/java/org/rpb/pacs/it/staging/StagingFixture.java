package org.rpb.pacs.it.staging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.awaitility.Awaitility;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.receiver.ModuleReceiver;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.job.JobStatus;

/**
 * A real staging job for tests of other features (the EJB API's job status): the demo stager stages pydicom's
 * CT_small (HIS ID 1CT1, Study0 member PID-S0-0001 at DD) from a throwaway clinical Orthanc into a throwaway
 * research Orthanc and waits for the job to end. Runs inside the module's EAR.
 */
public final class StagingFixture {

    private static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");

    private StagingFixture() {
    }

    /** The classes a deployment needs to run the fixture. */
    public static Class<?>[] classes() {
        return new Class<?>[] {StagingFixture.class, OrthancServer.class};
    }

    /** @return the finished execution */
    public static JobStatus stageCtSmall(Path dir) throws Exception {
        if (!Files.isRegularFile(CT)) {
            throw new IllegalStateException("pydicom's test files are missing: apt-get install python3-pydicom");
        }
        ModuleReceiver receiver = lookup(ModuleReceiver.class);
        StagingJobService jobs = lookup(StagingJobService.class);
        org.rpb.pacs.job.JobService engine = lookup(org.rpb.pacs.job.JobService.class);
        ActiveScopeService scopes = lookup(ActiveScopeService.class);
        // whatever roles the receiver asks for, the administrator has them
        int port = RunAs.user(DemoUsers.ADMIN, () -> receiver.receiver().localAddress().getPort());
        String clinicalBefore = System.getProperty("pacs.clinical.node");
        String researchBefore = System.getProperty("pacs.research.node");
        try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"),
                "\"RPBPACS\": [\"RPBPACS\", \"127.0.0.1\", " + port + "]");
                OrthancServer research = OrthancServer.start("RESEARCH", dir.resolve("research"), "")) {
            clinical.upload(CT);
            String study = clinical.studyUids().get(0);
            System.setProperty("pacs.clinical.node", clinical.node());
            System.setProperty("pacs.research.node", research.node());
            long exec = RunAs.user(DemoUsers.STAGER, () -> {
                scopes.select("STUDY0", "DD");
                return jobs.stageIntoStudy0(study, List.of(), "PID-S0-0001");
            });
            return Awaitility.await("staging job " + exec + " finished").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> RunAs.user(DemoUsers.STAGER, () -> engine.status(exec)), JobStatus::finished);
        } finally {
            restore("pacs.clinical.node", clinicalBefore);
            restore("pacs.research.node", researchBefore);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static <T> T lookup(Class<T> bean) throws NamingException {
        return bean.cast(new InitialContext().lookup("java:global/pacs/pacs-ejb/" + bean.getSimpleName()
                + "!" + bean.getName()));
    }
}
