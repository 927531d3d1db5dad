package org.rpb.pacs.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import javax.naming.InitialContext;
import javax.sql.DataSource;

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
import org.rpb.pacs.api.DeidentificationFailedException;
import org.rpb.pacs.api.DeidentificationRequest;
import org.rpb.pacs.api.DeidentificationResult;
import org.rpb.pacs.api.PacsDeidentification;
import org.rpb.pacs.api.PacsDeidentificationRemote;
import org.rpb.pacs.api.PacsJobs;
import org.rpb.pacs.api.PacsJobsRemote;
import org.rpb.pacs.api.PacsStudies;
import org.rpb.pacs.api.PacsStudiesRemote;
import org.rpb.pacs.core.io.FileTrees;
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
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;

/**
 * The EJB API called from a separate deployment, as another RPB module would: a WAR of its own that
 * carries only the API's interfaces and value classes and looks the beans up by their global JNDI names.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiClientIT {

    private static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");

    @Deployment(name = "pacs", order = 1)
    static EnterpriseArchive pacs() {
        List<Class<?>> classes = new java.util.ArrayList<>(List.of(ApiClientIT.class, ApiFixture.class));
        classes.addAll(List.of(org.rpb.pacs.it.staging.StagingFixture.classes()));
        return Deployments.earWithTests(classes.toArray(Class<?>[]::new));
    }

    @Deployment(name = "client", order = 2)
    static WebArchive client() {
        return Deployments.clientWar("rpb-edc-client", ApiClientIT.class)
                // the test's own cleanup, not something the portal module compiles against
                .addClasses(FileTrees.class)
                // what the portal module compiles against: the API interfaces and the values they return
                .addClasses(PacsStudies.class, PacsStudiesRemote.class, PacsJobs.class, PacsJobsRemote.class,
                        PacsDeidentification.class, PacsDeidentificationRemote.class, DeidentificationRequest.class,
                        DeidentificationResult.class, DeidentificationFailedException.class, StudyRecord.class,
                        SeriesRecord.class, Stage.class, JobStatus.class, JobType.class, JobState.class,
                        InstanceProgress.class, InstanceState.class, NoActiveScopeException.class,
                        NotInScopeException.class);
    }

    @Test
    @Order(1)
    @OperateOnDeployment("pacs")
    void theModuleHoldsAStudyLinkedToAnEventAndAJob() throws Exception {
        ApiFixture.create();
        ApiFixture.stage();
    }

    @Test
    @Order(2)
    @OperateOnDeployment("client")
    void anotherModuleReadsStudiesOfSubjectAndEventAndJobStatus() throws Exception {
        long recordId;
        long eventId;
        String uid;
        long jobId;
        DataSource db = (DataSource) new InitialContext().lookup("java:jboss/datasources/PacsDS");
        try (Connection c = db.getConnection(); var st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select id, event_id, study_instance_uid from pacs.dicom_study_record"
                    + " where description = 'API-IT' order by id desc")) {
                assertTrue(rs.next(), "the fixture's record");
                recordId = rs.getLong(1);
                eventId = rs.getLong(2);
                uid = rs.getString(3);
            }
            try (ResultSet rs = st.executeQuery("select max(id) from pacs.pacs_job where created_by = 'uploader'"
                    + " and job_type = 'COPY'")) {
                rs.next();
                jobId = rs.getLong(1);
            }
        }
        InitialContext jndi = new InitialContext();
        PacsStudies studies = (PacsStudies) jndi.lookup(PacsStudiesRemote.JNDI_NAME);
        PacsJobs jobs = (PacsJobs) jndi.lookup(PacsJobsRemote.JNDI_NAME);

        List<StudyRecord> ofEvent = RunAs.user(DemoUsers.UPLOADER, () -> studies.studiesOfEvent(eventId));
        StudyRecord r = ofEvent.stream().filter(x -> x.id() == recordId).findFirst().orElseThrow();
        assertEquals(uid, r.studyInstanceUid());
        assertEquals(List.of("CT", "RTPLAN"), r.series().stream().map(SeriesRecord::modality).toList());
        assertEquals(Stage.PROJECT_COPY, r.stage());
        assertTrue(RunAs.user(DemoUsers.UPLOADER, () -> studies.studiesOfSubject("PID-RT-0101")).stream()
                .anyMatch(x -> x.id() == recordId));
        // the caller's scope holds through the API: nothing of Study0, nothing for a user outside the module
        assertTrue(RunAs.user(DemoUsers.UPLOADER, () -> studies.studiesOfSubject("PID-S0-0002")).isEmpty());
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.OUTSIDER, () -> studies.studiesOfEvent(eventId)));

        JobStatus status = RunAs.user(DemoUsers.UPLOADER, () -> jobs.status(jobId));
        assertEquals(JobType.COPY, status.type());
        assertEquals(JobState.RUNNING, status.state());
        assertEquals(1, status.verified());
        assertEquals(InstanceState.VERIFIED,
                RunAs.user(DemoUsers.UPLOADER, () -> jobs.instances(jobId)).get(0).state());
        assertThrows(NotInScopeException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> jobs.status(Long.MAX_VALUE)));

        // a real staging job into Study0, by the same kind of job ID
        long exec = Long.parseLong(System.getProperty(ApiFixture.STAGING_EXECUTION));
        JobStatus staged = RunAs.user(DemoUsers.STAGER, () -> jobs.status(exec));
        assertEquals(exec, staged.id());
        assertEquals(JobType.STAGE, staged.type());
        assertEquals(JobState.COMPLETED, staged.state(), staged.toString());
        assertEquals("STUDY0", staged.studyCode());
        assertEquals(1, staged.verified(), "CT_small's one instance verified in the research PACS");
        assertEquals(1, staged.retrieved());
        assertEquals(0, staged.failed());
        assertEquals(List.of(), RunAs.user(DemoUsers.STAGER, () -> jobs.failures(exec)));
        // the job is Study0's: a RTTRIAL user gets nothing, whatever ID it passes
        assertThrows(NotInScopeException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> jobs.status(exec)));
        assertThrows(NotInScopeException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> jobs.failures(exec)));
        assertThrows(NotInScopeException.class, () -> RunAs.user(DemoUsers.STAGER, () -> jobs.status(Long.MAX_VALUE)));
        assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.OUTSIDER, () -> jobs.status(exec)));
    }

    @Test
    @Order(3)
    @OperateOnDeployment("client")
    void anotherModuleDeidentifiesFilesWithTheProjectsProfile() throws Exception {
        if (!Files.isRegularFile(CT)) {
            throw new IllegalStateException("pydicom's test files are missing: apt-get install python3-pydicom");
        }
        PacsDeidentification deident = (PacsDeidentification) new InitialContext()
                .lookup(PacsDeidentificationRemote.JNDI_NAME);
        // files go through the active study's exchange folder only
        Path exchange = Path.of(RunAs.user(DemoUsers.UPLOADER, deident::exchangeFolder));
        assertTrue(exchange.endsWith(Path.of("RTTRIAL", "DD")), "the study and site's own folder: " + exchange);
        Path work = Files.createDirectories(exchange.resolve("api-it-" + System.nanoTime()));
        // removed in every case, also when an assertion fails (the exchange folders outlive the run)
        Path elsewhere = Files.createTempDirectory("pacs-api-it");
        String dataDir = System.getProperty("jboss.server.data.dir");
        Path study0 = exchange.getParent().resolveSibling("STUDY0").resolve("DD");
        Path study0File = Files.copy(CT, Files.createDirectories(study0.resolve("api-it-" + System.nanoTime()))
                .resolve("Study0Patient.dcm"));
        try {
            Path in = Files.copy(CT, work.resolve("CT_small.dcm"));
            Path out = work.resolve("out");
            DeidentificationRequest request = new DeidentificationRequest(List.of(in.toString()), out.toString(),
                    "PID-RT-0101", "1CT1", "RTPLAN");
            assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER, () -> deident.deidentify(request)),
                    "de-identification needs the upload role");
            assertThrows(NotInScopeException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> deident.deidentify(
                    new DeidentificationRequest(List.of(in.toString()), out.toString(), "PID-S0-0002", "1CT1", null))),
                    "a subject of another study");
            // any other server path is refused before anything is read or written, without naming the path
            Files.createSymbolicLink(work.resolve("link.dcm"), CT);
            for (DeidentificationRequest outside : List.of(
                    new DeidentificationRequest(List.of(CT.toString()), out.toString(), "PID-RT-0101", "1CT1", null),
                    new DeidentificationRequest(List.of(in.toString(), study0File.toString()), out.toString(), "PID-RT-0101", "1CT1", null),
                    new DeidentificationRequest(List.of(work.resolve("link.dcm").toString()), out.toString(), "PID-RT-0101", "1CT1", null),
                    new DeidentificationRequest(List.of(work.resolve("../../../STUDY0/DD").resolve(study0.relativize(study0File))
                            .toString()), out.toString(), "PID-RT-0101", "1CT1", null),
                    new DeidentificationRequest(List.of(Path.of(dataDir, "pacs").toString()), out.toString(), "PID-RT-0101", "1CT1", null),
                    new DeidentificationRequest(List.of(in.toString()), elsewhere.toString(), "PID-RT-0101", "1CT1", null),
                    new DeidentificationRequest(List.of(in.toString()), Path.of(dataDir, "pacs", "api-it").toString(),
                            "PID-RT-0101", "1CT1", null))) {
                DeidentificationFailedException e = assertThrows(DeidentificationFailedException.class,
                        () -> RunAs.user(DemoUsers.UPLOADER, () -> deident.deidentify(outside)), outside.toString());
                assertTrue(e.getMessage().contains("outside the exchange folder"), e.getMessage());
                assertFalse(e.getMessage().contains("Study0Patient") || e.getMessage().contains("CT_small"), e.getMessage());
            }
            try (var files = Files.list(elsewhere)) {
                assertEquals(0, files.count(), "nothing written outside the exchange folder");
            }
            assertFalse(Files.exists(Path.of(dataDir, "pacs", "api-it")), "nothing made in the module's folders");
            // the files must be of the expected patient: another patient's are refused, by position, without file names
            DeidentificationResult wrong = RunAs.user(DemoUsers.UPLOADER, () -> deident.deidentify(new DeidentificationRequest(
                    List.of(in.toString()), work.resolve("out-wrong").toString(), "PID-RT-0101", "SOMEONE-ELSE", null)));
            assertEquals(List.of(), wrong.outputFiles());
            assertEquals(1, wrong.refusals().size());
            assertTrue(wrong.refusals().get(0).startsWith("Input file 1: ") && wrong.refusals().get(0).contains("expected patient")
                    && !wrong.refusals().get(0).contains("CT_small"), wrong.refusals().get(0));
            assertThrows(IllegalArgumentException.class, () -> new DeidentificationRequest(List.of(in.toString()),
                    out.toString(), "PID-RT-0101", " ", null), "the expected patient ID is required");
            DeidentificationResult result = RunAs.user(DemoUsers.UPLOADER, () -> deident.deidentify(request));
            assertEquals(List.of(), result.refusals());
            assertEquals(1, result.outputFiles().size());
            byte[] written = Files.readAllBytes(Path.of(result.outputFiles().get(0)));
            String text = new String(written, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("PID-RT-0101"), "PatientID is the subject's PID");
            assertFalse(text.contains("CompressedSamples"), "the patient's name is gone");
            assertFalse(text.contains("1CT1"), "the hospital patient ID is gone");
        } finally {
            FileTrees.delete(work);
            FileTrees.delete(study0File.getParent());
            FileTrees.delete(elsewhere);
        }
    }

    @Test
    @Order(4)
    @OperateOnDeployment("pacs")
    void theExchangeFolderIsPerStudyAndSite() throws Exception {
        ApiFixture.exchangeFolderAcrossSites(CT);
    }
}
