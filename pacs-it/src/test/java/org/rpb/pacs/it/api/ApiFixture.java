package org.rpb.pacs.it.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.rpb.pacs.core.io.FileTrees;
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
        Path dir = Files.createTempDirectory("api-it-staging-");
        try {
            JobStatus s = StagingFixture.stageCtSmall(dir);
            System.setProperty(STAGING_EXECUTION, Long.toString(s.id()));
        } finally {
            FileTrees.delete(dir);
        }
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

    /**
     * The exchange folder is per study and site: an administrator working at MUC gets RTTRIAL/MUC, cannot name a
     * file of DD's folder (refused as outside, without its name), and de-identifies a MUC subject's file from MUC's.
     */
    static void exchangeFolderAcrossSites(java.nio.file.Path ct) throws Exception {
        org.rpb.pacs.api.PacsDeidentification deident = (org.rpb.pacs.api.PacsDeidentification) new InitialContext()
                .lookup(org.rpb.pacs.api.PacsDeidentificationRemote.JNDI_NAME);
        java.nio.file.Path dd = java.nio.file.Path.of(RunAs.user(DemoUsers.UPLOADER, deident::exchangeFolder));
        java.nio.file.Path ddFile = Files.copy(ct, Files.createDirectories(dd.resolve("sites-" + System.nanoTime()))
                .resolve("DresdenPatient.dcm"));
        try {
            java.nio.file.Path muc = java.nio.file.Path.of(RunAs.user(DemoUsers.ADMIN, () -> {
                lookup(ActiveScopeService.class).select("RTTRIAL", "MUC");
                return deident.exchangeFolder();
            }));
            if (!muc.endsWith(java.nio.file.Path.of("RTTRIAL", "MUC")) || muc.equals(dd)) {
                throw new AssertionError("MUC's own folder expected: " + muc);
            }
            java.nio.file.Path out = muc.resolve("out-" + System.nanoTime());
            try {
                RunAs.user(DemoUsers.ADMIN, () -> deident.deidentify(new org.rpb.pacs.api.DeidentificationRequest(
                        List.of(ddFile.toString()), out.toString(), "PID-RT-0201", "1CT1", null)));
                throw new AssertionError("a MUC caller de-identified a file of DD's exchange folder");
            } catch (org.rpb.pacs.api.DeidentificationFailedException expected) {
                if (!expected.getMessage().contains("outside the exchange folder")
                        || expected.getMessage().contains("DresdenPatient")) {
                    throw new AssertionError(expected.getMessage());
                }
            }
            java.nio.file.Path mucFile = Files.copy(ct, Files.createDirectories(muc.resolve("in-" + System.nanoTime()))
                    .resolve("m.dcm"));
            org.rpb.pacs.api.DeidentificationResult done = RunAs.user(DemoUsers.ADMIN, () -> deident.deidentify(
                    new org.rpb.pacs.api.DeidentificationRequest(List.of(mucFile.toString()), out.toString(),
                            "PID-RT-0201", "1CT1", null)));
            if (done.outputFiles().size() != 1 || !done.refusals().isEmpty()) {
                throw new AssertionError("MUC's own file: " + done);
            }
        } finally {
            RunAs.user(DemoUsers.ADMIN, () -> {
                lookup(ActiveScopeService.class).select("RTTRIAL", "DD");
                return null;
            });
        }
    }

    private static <T> T lookup(Class<T> bean) throws NamingException {
        return bean.cast(new InitialContext().lookup("java:global/pacs/pacs-ejb/" + bean.getSimpleName()
                + "!" + bean.getName()));
    }
}
