package org.rpb.pacs.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.naming.InitialContext;

import jakarta.ejb.EJBAccessException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rpb.pacs.api.PacsJobs;
import org.rpb.pacs.api.PacsJobsRemote;
import org.rpb.pacs.it.staging.StagingFixture;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;

/**
 * A user with only the viewer role ({@code ROLE_PACS_USER}) calls the remote {@code PacsJobs} views of staging jobs
 * from another deployment, as another RPB module would (issue 16): the job's status and its instances' states come
 * back, the clinical source UIDs never, neither as fields nor quoted in a failure reason, while a stager (lookup
 * role) gets them; outside the viewer's studies the job is not found. The viewer is given Study0 at DD for the test
 * (a row of the portal directory, removed again) so that the Study0 staging jobs are in its scope at all.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewerRemoteJobsIT {

    @Deployment(name = "pacs", order = 1)
    static EnterpriseArchive pacs() {
        List<Class<?>> classes = new java.util.ArrayList<>(List.of(ViewerRemoteJobsIT.class, ViewerFixture.class));
        classes.addAll(List.of(StagingFixture.classes()));
        return Deployments.earWithTests(classes.toArray(Class<?>[]::new));
    }

    @Deployment(name = "client", order = 2)
    static WebArchive client() {
        return Deployments.clientWar("rpb-viewer-client", ViewerRemoteJobsIT.class)
                // what another module compiles against: the API interface and the values it returns
                .addClasses(PacsJobs.class, PacsJobsRemote.class, JobStatus.class, JobType.class, JobState.class,
                        InstanceProgress.class, InstanceState.class, NoActiveScopeException.class,
                        NotInScopeException.class);
    }

    @Test
    @Order(1)
    @OperateOnDeployment("pacs")
    void study0HasAStagingJobThatCompletedAndOneWithAFailureQuotingItsSourceUid() throws Exception {
        ViewerFixture.prepare();
    }

    @Test
    @Order(2)
    @OperateOnDeployment("client")
    void theViewerGetsStatesButNoClinicalSourceUidsThroughTheRemoteView() throws Exception {
        long staged = Long.parseLong(System.getProperty(ViewerFixture.STAGED));
        long failed = Long.parseLong(System.getProperty(ViewerFixture.FAILED));
        List<String> clinical = List.of(System.getProperty(ViewerFixture.CLINICAL).split(" "));
        PacsJobs jobs = (PacsJobs) new InitialContext().lookup(PacsJobsRemote.JNDI_NAME);

        assertEquals(JobType.STAGE, RunAs.user(DemoUsers.VIEWER, () -> jobs.status(staged)).type());
        List<InstanceProgress> instances = RunAs.user(DemoUsers.VIEWER, () -> jobs.instances(staged));
        assertEquals(1, instances.size());
        assertEquals(InstanceState.VERIFIED, instances.get(0).state());
        assertEquals("", instances.get(0).sourceSopInstanceUid());
        assertEquals("", instances.get(0).sourceSeriesInstanceUid());
        assertFalse(instances.get(0).targetSopInstanceUid().isEmpty(), "the research PACS' UID is the viewer's");
        List<InstanceProgress> failures = RunAs.user(DemoUsers.VIEWER, () -> jobs.failures(failed));
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).reason().startsWith("refused by de-identification: "), failures.get(0).reason());
        for (Object seen : List.of(instances, failures, RunAs.user(DemoUsers.VIEWER, () -> jobs.instances(failed)),
                RunAs.user(DemoUsers.VIEWER, () -> jobs.jobs(50)))) {
            for (String uid : clinical) {
                assertFalse(seen.toString().contains(uid), "a clinical UID reached the viewer: " + seen);
            }
        }
        // the stager (lookup role) gets them through the same view; nobody outside the job's study gets the job
        assertEquals(clinical.get(0), RunAs.user(DemoUsers.STAGER, () -> jobs.instances(staged)).get(0)
                .sourceSopInstanceUid());
        assertTrue(RunAs.user(DemoUsers.STAGER, () -> jobs.failures(failed)).get(0).reason()
                .contains(clinical.get(0)));
        assertThrows(NotInScopeException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> jobs.instances(staged)),
                "the uploader works in RTTRIAL");
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.OUTSIDER, () -> jobs.failures(failed)));
    }

    @Test
    @Order(3)
    @OperateOnDeployment("pacs")
    void theViewerLeavesStudy0Again() throws Exception {
        ViewerFixture.cleanUp();
    }
}
