package org.rpb.pacs.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import org.rpb.pacs.it.staging.StagingFixture;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.ActiveScopeService;

/**
 * The data of {@link ViewerRemoteJobsIT}, made inside the module's EAR (the client deployment never loads this class,
 * which uses the module's services): Study0 staging jobs, and the viewer's access to Study0 at DD.
 */
final class ViewerFixture {

    /** System properties (one server JVM) that tell the client the fixture's jobs and clinical UIDs. */
    static final String STAGED = "pacs.it.viewer.staged-job";
    static final String FAILED = "pacs.it.viewer.failed-job";
    static final String CLINICAL = "pacs.it.viewer.clinical-uids";

    private ViewerFixture() {
    }

    /** A completed real staging job, one with a failure that quotes its source UID, and the viewer in Study0. */
    static void prepare() throws Exception {
        // a real staging of pydicom's CT_small from a clinical Orthanc into Study0
        JobStatus staged = StagingFixture.stageCtSmall(Files.createTempDirectory("viewer-it-staging-"));
        assertEquals(JobState.COMPLETED, staged.state(), staged.toString());
        JobService jobs = lookup(JobService.class);
        List<InstanceProgress> seen = RunAs.user(DemoUsers.STAGER, () -> jobs.instances(staged.id(), false));
        assertEquals(1, seen.size());
        String sop = seen.get(0).sourceSopInstanceUid();
        String series = seen.get(0).sourceSeriesInstanceUid();
        assertFalse(sop.isEmpty() || series.isEmpty(), "the stager sees the clinical UIDs: " + seen);
        // a staging job whose instance failed with a reason that quotes its clinical UID (a spool file's name)
        long failed = RunAs.user(DemoUsers.STAGER, () -> {
            lookup(ActiveScopeService.class).select("STUDY0", "DD");
            long job = jobs.create(JobType.STAGE, "PID-S0-0001", null, 0, null);
            jobs.record(job, List.of(new InstanceProgress(sop + ".7", series, "", InstanceState.FAILED,
                    "refused by de-identification: " + sop + ".7.dcm: cannot be processed (IOException)")));
            jobs.ended(job, JobState.FAILED, "INCOMPLETE 1 FAILED");
            return job;
        });
        System.setProperty(STAGED, Long.toString(staged.id()));
        System.setProperty(FAILED, Long.toString(failed));
        System.setProperty(CLINICAL, sop + " " + series);
        // the viewer works in Study0 at DD for this test
        DataSource db = (DataSource) new InitialContext().lookup("java:jboss/datasources/PacsDS");
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                insert into pacs.portal_user_access (user_name, study_id, site_id)
                select 'viewer', st.id, si.id from pacs.portal_study st, pacs.portal_site si
                where st.code = 'STUDY0' and si.code = 'DD' and not exists (select 1 from pacs.portal_user_access a
                where a.user_name = 'viewer' and a.study_id = st.id and a.site_id = si.id)""")) {
            s.executeUpdate();
        }
        RunAs.user(DemoUsers.VIEWER, () -> lookup(ActiveScopeService.class).select("STUDY0", "DD"));
        RunAs.user(DemoUsers.UPLOADER, () -> lookup(ActiveScopeService.class).select("RTTRIAL", "DD"));
    }

    /** The viewer back in RTTRIAL, without Study0. */
    static void cleanUp() throws Exception {
        RunAs.user(DemoUsers.VIEWER, () -> lookup(ActiveScopeService.class).select("RTTRIAL", "DD"));
        DataSource db = (DataSource) new InitialContext().lookup("java:jboss/datasources/PacsDS");
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                delete from pacs.portal_user_access where user_name = 'viewer' and study_id =
                (select id from pacs.portal_study where code = 'STUDY0')""")) {
            s.executeUpdate();
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                select count(*) from pacs.portal_user_access a join pacs.portal_study st on st.id = a.study_id
                where a.user_name = 'viewer' and st.code = 'STUDY0'"""); ResultSet rs = s.executeQuery()) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    private static <T> T lookup(Class<T> bean) throws NamingException {
        return bean.cast(new InitialContext().lookup("java:global/pacs/pacs-ejb/" + bean.getSimpleName()
                + "!" + bean.getName()));
    }
}
