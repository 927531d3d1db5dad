package org.rpb.pacs.it.api;

import java.nio.file.Files;
import java.util.List;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.rpb.pacs.it.staging.StagingFixture;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.JobStatus;

/**
 * Data for the API test, made inside the module's own EAR as the upload workflow would: the uploader's
 * active scope RTTRIAL at DD, a study record linked to a slot of PID-RT-0101's RT Planning event, and a
 * copy job with progress; and a real staging job into Study0 against two throwaway Orthanc. Only in the EAR's
 * test WAR; the client deployment never loads it.
 */
final class ApiFixture {

    /** The system property that tells the client the fixture's staging execution (one server JVM). */
    static final String STAGING_EXECUTION = "pacs.it.api.staging-execution";

    /** Marks the fixture's record, so the client finds it in the database. */
    static final String DESCRIPTION = "API-IT";

    private ApiFixture() {
    }

    /** A real staging job into Study0 that ended; its job ID goes into {@link #STAGING_EXECUTION}. */
    static void stage() throws Exception {
        JobStatus s = StagingFixture.stageCtSmall(Files.createTempDirectory("api-it-staging-"));
        System.setProperty(STAGING_EXECUTION, Long.toString(s.id()));
    }

    static void create() throws Exception {
        RunAs.user(DemoUsers.UPLOADER, () -> {
            lookup(ActiveScopeService.class).select("RTTRIAL", "DD");
            SubjectService subjects = lookup(SubjectService.class);
            StudyRecordService records = lookup(StudyRecordService.class);
            JobService jobs = lookup(JobService.class);
            EventOccurrence event = subjects.events("PID-RT-0101").stream()
                    .filter(e -> e.definitionCode().equals("RTPLAN")).findFirst().orElseThrow();
            UploadSlot slot = subjects.slots(event.id()).stream()
                    .filter(s -> s.name().equals("RT plan set")).findFirst().orElseThrow();
            String uid = "2.25." + System.currentTimeMillis() + "1";
            StudyRecord r = records.register(new NewStudyRecord(Stage.PROJECT_COPY, "PID-RT-0101", uid, null, null,
                    "20240102", DESCRIPTION, null, List.of(new SeriesRecord(uid + ".1", null, "CT", "CT", 2),
                            new SeriesRecord(uid + ".2", null, "RTPLAN", "plan", 1))));
            records.link(r.id(), slot.id(), true);
            long job = jobs.create(JobType.COPY, "PID-RT-0101", null, 0, null);
            jobs.record(job, List.of(new InstanceProgress(uid + ".1.1", uid + ".1", uid + ".9.1",
                    InstanceState.VERIFIED, null)));
            return null;
        });
    }

    private static <T> T lookup(Class<T> bean) throws NamingException {
        return bean.cast(new InitialContext().lookup("java:global/pacs/pacs-ejb/" + bean.getSimpleName()
                + "!" + bean.getName()));
    }
}
