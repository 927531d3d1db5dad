package org.rpb.pacs.it.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;

import javax.sql.DataSource;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditEvent;
import org.rpb.pacs.audit.AuditFilter;
import org.rpb.pacs.audit.AuditPage;
import org.rpb.pacs.audit.AuditService;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.node.NodeNotFoundException;
import org.rpb.pacs.node.NodeRole;
import org.rpb.pacs.node.PacsNode;
import org.rpb.pacs.node.PacsNodeAdminService;
import org.rpb.pacs.node.PacsNodeService;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.DicomNotEnabledException;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.profile.InvalidProfileException;
import org.rpb.pacs.profile.PrivateAttributePolicy;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.profile.ProfileVersionNotFoundException;
import org.rpb.pacs.profile.SubjectIdentifier;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.SlotHistoryEntry;
import org.rpb.pacs.record.SlotOccupiedException;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.secrets.ProjectKeys;

/**
 * The domain services in the container with the real security domain and database: every role allowed
 * and refused, study and site isolation whatever IDs are passed, slot linking with history, audit, PACS
 * nodes, profile versions and project keys. One deployment for all, since each deployment costs a start.
 */
@ExtendWith(ArquillianExtension.class)
class DomainSecurityIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(DomainSecurityIT.class);
    }

    @EJB private ActiveScopeService scopes;
    @EJB private SubjectService subjects;
    @EJB private StudyRecordService records;
    @EJB private JobService jobs;
    @EJB private AuditService audit;
    @EJB private PacsNodeService nodes;
    @EJB private PacsNodeAdminService nodeAdmin;
    @EJB private ProfileService profiles;
    @Inject private ProjectKeys keys;
    @Resource private UserTransaction tx;
    @Resource(lookup = "java:jboss/datasources/PacsDS") private DataSource db;

    /** A UID no earlier run used (the test database may be kept between runs). */
    private static String uid() {
        return "2.25." + UUID.randomUUID().toString().replace("-", "").chars()
                .mapToObj(c -> String.valueOf(c % 10)).reduce("", String::concat).replaceFirst("^0+", "1");
    }

    private static NewStudyRecord copy(Stage stage, String pid, String uid) {
        return new NewStudyRecord(stage, pid, uid, null, stage == Stage.PROJECT_COPY ? null : uid() , "20240102",
                "IT study", 1, List.of(new SeriesRecord(uid + ".1", null, "CT", "planning CT", 3),
                        new SeriesRecord(uid + ".2", null, "RTSTRUCT", "structures", 1)));
    }

    private <T> T as(String user, String study, String site, Callable<T> action) throws Exception {
        return RunAs.user(user, () -> {
            scopes.select(study, site);
            return action.call();
        });
    }

    @Test
    void theServerRunsOnTheDatabaseItsConfigurationNames() throws Exception {
        String driver = System.getProperty("pacs.db.driver", "h2");
        try (var c = db.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            if (driver.equals("postgresql")) {
                assertEquals("PostgreSQL", product, "pacs.db.driver=postgresql, but PacsDS is " + product);
                String url = c.getMetaData().getURL();
                assertTrue(url.startsWith(System.getProperty("pacs.db.url")), "PacsDS's database: " + url);
            } else {
                assertEquals("h2", driver, "an unknown pacs.db.driver");
                assertEquals("H2", product);
            }
        }
    }

    /**
     * From the test JVM, which gets the build's {@code pacs.db.*} properties: when they name a PostgreSQL
     * database, the server's schema and demo data must be in exactly that database (scripts/test.sh gives every
     * run a fresh cluster, so only the server can have made them). This fails if the properties stop reaching
     * the server and it quietly runs on its H2 default.
     */
    @Test
    @org.jboss.arquillian.container.test.api.RunAsClient
    void theBuildsPostgresqlDatabaseIsTheOneTheServerUses() throws Exception {
        String driver = System.getProperty("pacs.db.driver", "h2");
        if (!driver.equals("postgresql")) {
            // the H2 default of pacs-it's pom: an embedded file the running server holds locked
            assertEquals("h2", driver, "an unknown pacs.db.driver");
            assertTrue(System.getProperty("pacs.db.url", "jdbc:h2:").startsWith("jdbc:h2:"), "an H2 URL");
        } else {
            assertServerSchemaIn(System.getProperty("pacs.db.url"), System.getProperty("pacs.db.user"),
                    System.getProperty("pacs.db.password"));
        }
    }

    private static void assertServerSchemaIn(String url, String user, String password) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(url, user, password);
                var st = c.createStatement();
                var rs = st.executeQuery("select count(*) from pacs.pacs_schema_history where success")) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
            assertTrue(rs.next() && rs.getInt(1) >= 6, "the server migrated this database");
            try (var studies = c.createStatement().executeQuery(
                    "select count(*) from pacs.portal_study where code in ('STUDY0', 'RTTRIAL', 'QOL')")) {
                assertTrue(studies.next());
                assertEquals(3, studies.getInt(1), "the server loaded its demo data into this database");
            }
        }
    }

    @Test
    void everyRoleIsAllowedWhatItNeedsAndRefusedTheRest() throws Exception {
        // no PACS role: refused everywhere
        for (Callable<?> c : List.<Callable<?>>of(subjects::subjects, nodes::nodes, () -> jobs.jobs(50), profiles::current,
                () -> records.studiesOfSubject("PID-RT-0101"), () -> audit.events(AuditFilter.all(), 0, 10),
                nodeAdmin::nodes)) {
            assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.OUTSIDER, c));
        }
        assertThrows(EJBAccessException.class, () -> subjects.subjects(), "anonymous caller");

        // ROLE_PACS_USER only: reads, never writes, administers or downloads
        as(DemoUsers.VIEWER, "RTTRIAL", "DD", () -> {
            nodes.nodes();
            assertFalse(subjects.subjects().isEmpty());
            jobs.jobs(50);
            profiles.current();
            return null;
        });
        for (Callable<?> c : List.<Callable<?>>of(
                () -> records.register(copy(Stage.PROJECT_COPY, "PID-RT-0101", uid())),
                () -> records.link(1, 1, false), () -> { records.unlink(1); return null; }, () -> records.recordDownload(1, null),
                () -> jobs.create(JobType.UPLOAD, "PID-RT-0101", null, 0, null), () -> audit.events(AuditFilter.all(), 0, 10),
                nodeAdmin::nodes, profiles::versions, () -> profiles.save(ProfileSettings.defaults()),
                () -> subjects.study0Member("1CT1"))) {
            assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.VIEWER, c));
        }
        // uploader: uploads and downloads, but neither administers nor looks up
        StudyRecord r = as(DemoUsers.UPLOADER, "RTTRIAL", "DD",
                () -> records.register(copy(Stage.PROJECT_COPY, "PID-RT-0101", uid())));
        as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> records.recordDownload(r.id(), r.series().get(0).seriesInstanceUid()));
        for (Callable<?> c : List.<Callable<?>>of(() -> subjects.study0Member("1CT1"), nodeAdmin::nodes,
                () -> audit.events(AuditFilter.all(), 0, 10))) {
            assertThrows(EJBAccessException.class, () -> RunAs.user(DemoUsers.UPLOADER, c));
        }
        // stager looks up Study0 members by HIS ID (any string), only in Study0
        Subject member = as(DemoUsers.STAGER, "STUDY0", "DD", () -> subjects.study0Member("4MR1")).orElseThrow();
        assertEquals("PID-S0-0002", member.pid());
        assertFalse(member.toString().contains("4MR1"), "a logged subject shows no HIS ID: " + member);
        assertEquals("PID-S0-0005",
                as(DemoUsers.STAGER, "STUDY0", "DD", () -> subjects.study0Member("A-7788/12x")).orElseThrow().pid());
        assertTrue(as(DemoUsers.STAGER, "RTTRIAL", "DD", () -> subjects.study0Member("4MR1")).isEmpty(),
                "no HIS lookup outside Study0");
        // admin may do all of it
        assertFalse(as(DemoUsers.ADMIN, "RTTRIAL", "DD", () -> audit.events(AuditFilter.all(), 0, 5)).events().isEmpty());
    }

    @Test
    void aUserOfOneStudyOrSiteGetsNothingOfAnotherWhateverIdItPasses() throws Exception {
        // RTTRIAL at DD: a record in a slot, and a job
        EventOccurrence event = as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> subjects.events("PID-RT-0101")).stream()
                .filter(e -> e.definitionCode().equals("RTPLAN")).findFirst().orElseThrow();
        UploadSlot slot = as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> subjects.slots(event.id())).stream()
                .filter(s -> s.name().equals("Planning CT")).findFirst().orElseThrow();
        StudyRecord dd = as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> {
            StudyRecord r = records.register(copy(Stage.PROJECT_COPY, "PID-RT-0101", uid()));
            return records.link(r.id(), slot.id(), true);
        });
        JobStatus ddJob = as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> jobs.status(jobs.create(JobType.UPLOAD, "PID-RT-0101", 1L, 1, null)));
        // STUDY0 at DD: a Study0 copy and a staging job
        StudyRecord s0 = as(DemoUsers.STAGER, "STUDY0", "DD", () -> records.register(copy(Stage.STUDY0_COPY, "PID-S0-0002", uid())));
        JobStatus s0Job = as(DemoUsers.STAGER, "STUDY0", "DD", () -> jobs.status(jobs.create(JobType.STAGE, "PID-S0-0001", null, 0, "1.2.3")));

        // the same study and site see them
        as(DemoUsers.VIEWER, "RTTRIAL", "DD", () -> {
            assertEquals(dd.studyInstanceUid(), records.study(dd.id()).orElseThrow().studyInstanceUid());
            assertTrue(jobs.job(ddJob.id()).isPresent());
            assertTrue(subjects.slot(slot.id()).isPresent());
            assertTrue(records.studiesOfEvent(event.id()).stream().anyMatch(r -> r.id() == dd.id()));
            // a RTTRIAL user asking for Study0's things by their IDs
            assertTrue(records.study(s0.id()).isEmpty(), "Study0 record");
            assertTrue(jobs.job(s0Job.id()).isEmpty(), "Study0 job");
            assertThrows(org.rpb.pacs.job.JobRefusedException.class, () -> jobs.instances(s0Job.id(), false));
            assertTrue(subjects.subject("PID-S0-0002").isEmpty(), "Study0-only subject");
            assertTrue(records.studiesOfSubject("PID-S0-0002").isEmpty());
            assertTrue(jobs.jobs(50).stream().noneMatch(j -> j.id() == s0Job.id()));
            assertTrue(subjects.subjects().stream().allMatch(s -> s.siteCode().equals("DD") && s.studyCode().equals("RTTRIAL")));
            assertTrue(subjects.subjects().stream().allMatch(s -> s.hisPatientId() == null), "no HIS IDs outside Study0");
            return null;
        });
        // the same study at another site
        as(DemoUsers.VIEWER, "RTTRIAL", "MUC", () -> {
            assertTrue(subjects.subject("PID-RT-0101").isEmpty(), "subject of DD");
            assertTrue(subjects.events("PID-RT-0101").isEmpty());
            assertTrue(subjects.event(event.id()).isEmpty(), "event of DD");
            assertTrue(subjects.slots(event.id()).isEmpty());
            assertTrue(subjects.slot(slot.id()).isEmpty(), "slot of DD");
            assertTrue(records.study(dd.id()).isEmpty(), "record of DD");
            assertTrue(records.studiesOfEvent(event.id()).isEmpty());
            assertTrue(records.studiesOfSubject("PID-RT-0101").isEmpty());
            assertTrue(records.slotHistory(slot.id()).isEmpty());
            assertTrue(jobs.job(ddJob.id()).isEmpty(), "job of DD");
            return null;
        });
        // another study at the same site: no reading, and no writing into RTTRIAL's things either
        as(DemoUsers.ADMIN, "STUDY0", "DD", () -> {
            assertTrue(records.study(dd.id()).isEmpty());
            assertTrue(subjects.slot(slot.id()).isEmpty());
            assertThrows(NotInScopeException.class, () -> records.link(dd.id(), slot.id(), true));
            assertThrows(NotInScopeException.class, () -> records.register(copy(Stage.PROJECT_COPY, "PID-RT-0101", uid())));
            assertThrows(org.rpb.pacs.job.JobRefusedException.class, () -> jobs.cancel(ddJob.id()));
            assertThrows(NotInScopeException.class, () -> records.recordDownload(dd.id(), null));
            return null;
        });
        // a study that does not collect DICOM (tag DICOM=false): every service refuses, whatever ID is passed
        as(DemoUsers.UPLOADER, "QOL", "DD", () -> {
            for (Callable<?> c : List.<Callable<?>>of(subjects::subjects, () -> subjects.slot(slot.id()),
                    () -> subjects.events("PID-RT-0101"), () -> records.study(dd.id()),
                    () -> records.studiesOfSubject("PID-RT-0101"), () -> records.link(dd.id(), slot.id(), true),
                    () -> records.register(copy(Stage.PROJECT_COPY, "PID-RT-0101", uid())), () -> jobs.jobs(50),
                    () -> jobs.job(ddJob.id()), () -> jobs.create(JobType.UPLOAD, "PID-RT-0101", null, 0, null))) {
                DicomNotEnabledException e = assertThrows(DicomNotEnabledException.class, c::call);
                assertTrue(e.getMessage().contains("QOL does not collect DICOM data"), e.getMessage());
            }
            assertFalse(scopes.current().study().dicomEnabled());
            assertEquals("false", subjects.configuration().orElseThrow().tags().get("DICOM"));
            return null;
        });
        assertEquals(dd.studyInstanceUid(), as(DemoUsers.VIEWER, "RTTRIAL", "DD",
                () -> subjects.slot(slot.id()).orElseThrow().studyInstanceUid()), "the refused link changed nothing");
    }

    @Test
    void replacingASlotsStudyKeepsTheOldOneInTheHistoryAndIsAudited() throws Exception {
        EventOccurrence event = as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> subjects.events("PID-S0-0001")).stream()
                .filter(e -> e.definitionCode().equals("FU") && e.repeatKey() == 2).findFirst().orElseThrow();
        UploadSlot slot = as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> subjects.slots(event.id())).stream()
                .filter(s -> s.name().equals("Follow-up MR")).findFirst().orElseThrow();
        String firstUid = uid();
        String secondUid = uid();
        StudyRecord first = as(DemoUsers.UPLOADER, "RTTRIAL", "DD",
                () -> records.register(copy(Stage.PROJECT_COPY, "PID-S0-0001", firstUid)));
        StudyRecord second = as(DemoUsers.UPLOADER, "RTTRIAL", "DD",
                () -> records.register(copy(Stage.PROJECT_COPY, "PID-S0-0001", secondUid)));
        // a free slot is filled; the same study again is a no-op
        as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> records.link(first.id(), slot.id(), true));
        as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> records.link(first.id(), slot.id(), false));
        assertThrows(SlotOccupiedException.class,
                () -> as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> records.link(second.id(), slot.id(), false)));
        // a record of another subject cannot go into this subject's slot
        StudyRecord other = as(DemoUsers.UPLOADER, "RTTRIAL", "DD",
                () -> records.register(copy(Stage.PROJECT_COPY, "PID-RT-0101", uid())));
        assertThrows(NotInScopeException.class,
                () -> as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> records.link(other.id(), slot.id(), true)));

        StudyRecord linked = as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> records.link(second.id(), slot.id(), true));
        assertEquals(slot.id(), linked.slotId());
        assertEquals(event.id(), linked.eventId());
        as(DemoUsers.VIEWER, "RTTRIAL", "DD", () -> {
            assertEquals(secondUid, subjects.slot(slot.id()).orElseThrow().studyInstanceUid());
            List<SlotHistoryEntry> history = records.slotHistory(slot.id());
            SlotHistoryEntry old = history.get(history.size() - 2);
            SlotHistoryEntry now = history.get(history.size() - 1);
            assertEquals(firstUid, old.studyInstanceUid());
            assertEquals(second.id(), old.replacedByRecord());
            assertEquals(DemoUsers.UPLOADER, old.filledBy());
            assertEquals(secondUid, now.studyInstanceUid());
            assertNull(now.replacedAt());
            StudyRecord kept = records.study(first.id()).orElseThrow();
            assertNull(kept.slotId(), "the replaced study stays, in no slot");
            assertEquals(2, kept.series().size());
            List<Long> ofEvent = records.studiesOfEvent(event.id()).stream().map(StudyRecord::id).toList();
            assertTrue(ofEvent.contains(second.id()) && !ofEvent.contains(first.id()), "event's studies: " + ofEvent);
            return null;
        });
        // emptying the slot keeps the study, closes its history entry
        as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> {
            records.unlink(slot.id());
            return null;
        });
        assertTrue(as(DemoUsers.VIEWER, "RTTRIAL", "DD", () -> subjects.slot(slot.id()).orElseThrow().filledWith().isEmpty()));

        // audit: the administrator of RTTRIAL@DD reads it, paged; nothing of it names a HIS ID
        AuditPage replaced = as(DemoUsers.ADMIN, "RTTRIAL", "DD",
                () -> audit.events(AuditFilter.all().withPid("PID-S0-0001").withAction(AuditAction.REPLACE), 0, 1));
        assertEquals(1, replaced.events().size());
        AuditEvent e = replaced.events().get(0);
        assertEquals(secondUid, e.studyInstanceUid());
        assertEquals(DemoUsers.UPLOADER, e.user());
        assertTrue(e.detail().contains("replaced study record " + first.id()), e.detail());
        AuditPage mine = as(DemoUsers.ADMIN, "RTTRIAL", "DD",
                () -> audit.events(AuditFilter.all().withUser(DemoUsers.UPLOADER), 0, 2));
        assertEquals(2, mine.events().size());
        assertTrue(mine.total() >= 5, "upload, link, replace, unlink... " + mine.total());
        AuditPage next = as(DemoUsers.ADMIN, "RTTRIAL", "DD",
                () -> audit.events(AuditFilter.all().withUser(DemoUsers.UPLOADER), 1, 2));
        assertFalse(next.events().contains(mine.events().get(0)), "pages do not overlap");
        assertTrue(as(DemoUsers.ADMIN, "RTTRIAL", "MUC",
                () -> audit.events(AuditFilter.all().withPid("PID-S0-0001"), 0, 10)).events().isEmpty(),
                "another site's audit is not shown");
        for (String his : List.of("1CT1", "4MR1", "id00001", "id11111")) {
            try (var c = db.getConnection(); var st = c.prepareStatement(
                    "select count(*) from pacs.audit_event where detail like ? or pid = ? or study_instance_uid = ?")) {
                st.setString(1, "%" + his + "%");
                st.setString(2, his);
                st.setString(3, his);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "audit rows naming a HIS ID");
                }
            }
        }
    }

    @Test
    void administratorsConfigureNodesAndProfileVersionsWhichAreAudited() throws Exception {
        String name = "IT node " + UUID.randomUUID().toString().substring(0, 8);
        PacsNode created = RunAs.user(DemoUsers.ADMIN, () -> nodeAdmin.create(
                new PacsNode(null, name, NodeRole.RESEARCH, "RESEARCH_IT", "127.0.0.1", 4242, "RPB_PACS", 3000, 30000,
                        "http://127.0.0.1:8042/dicom-web")));
        assertTrue(RunAs.user(DemoUsers.VIEWER, nodes::nodes).contains(created), "users read the nodes");
        PacsNode moved = new PacsNode(created.id(), name, NodeRole.RESEARCH, "RESEARCH_IT", "127.0.0.1", 4343,
                "RPB_PACS", 3000, 30000, null);
        RunAs.user(DemoUsers.ADMIN, () -> nodeAdmin.update(moved));
        assertTrue(RunAs.user(DemoUsers.VIEWER, nodes::nodes).contains(moved));
        RunAs.user(DemoUsers.ADMIN, () -> {
            nodeAdmin.delete(created.id());
            return null;
        });
        assertThrows(NodeNotFoundException.class, () -> RunAs.user(DemoUsers.ADMIN, () -> nodeAdmin.update(moved)));
        assertFalse(RunAs.user(DemoUsers.VIEWER, nodes::nodes).contains(moved));
        List<AuditEvent> config = as(DemoUsers.ADMIN, "RTTRIAL", "MUC",
                () -> audit.events(AuditFilter.all().withAction(AuditAction.CONFIGURATION), 0, 20)).events();
        assertTrue(config.stream().anyMatch(e -> e.detail().equals("PACS node " + created.id() + " removed")),
                "server-wide changes are shown in every scope");

        // a study without DICOM has no profile to change (issue 16: the profile service checks the DICOM tag)
        ProfileSettings a = new ProfileSettings(Set.of(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES), "", SubjectIdentifier.PID,
                "RPB", "QOL-02", null, PrivateAttributePolicy.RETAIN_SAFE, "default");
        assertThrows(org.rpb.pacs.portal.DicomNotEnabledException.class,
                () -> as(DemoUsers.ADMIN, "QOL", "DD", () -> profiles.save(a)));
        assertThrows(InvalidProfileException.class, () -> as(DemoUsers.ADMIN, "RTTRIAL", "DD",
                () -> profiles.save(new ProfileSettings(Set.of(), "this is { not a rule", SubjectIdentifier.PID, null,
                        null, null, PrivateAttributePolicy.REMOVE_ALL, "default"))));
        assertThrows(ProfileVersionNotFoundException.class,
                () -> as(DemoUsers.ADMIN, "RTTRIAL", "DD", () -> profiles.restore(99999)));
    }

    @Test
    void projectKeysAreMadeOnceStoredEncryptedAndNeverReturnedByABusinessMethod() throws Exception {
        String project = "IT-" + UUID.randomUUID().toString().substring(0, 8);
        tx.begin();
        byte[] first = keys.key(project, ProjectKeys.DEFAULT_REFERENCE);
        tx.commit();
        tx.begin();
        byte[] again = keys.key(project, ProjectKeys.DEFAULT_REFERENCE);
        byte[] other = keys.key(project, "dates");
        tx.commit();
        assertEquals(32, first.length);
        assertArrayEquals(first, again, "the stored key is used again");
        // a key made on first use survives the rollback of the transaction that used it
        String rolledBack = "IT-" + UUID.randomUUID().toString().substring(0, 8);
        tx.begin();
        byte[] used = keys.key(rolledBack, ProjectKeys.DEFAULT_REFERENCE);
        tx.rollback();
        tx.begin();
        byte[] later = keys.key(rolledBack, ProjectKeys.DEFAULT_REFERENCE);
        tx.commit();
        assertArrayEquals(used, later, "the first key is kept although its transaction rolled back");
        assertFalse(java.util.Arrays.equals(first, other), "each reference has its own key");
        try (var c = db.getConnection(); var st = c.prepareStatement(
                "select ciphertext from pacs.project_secret where study_code = ? and purpose = 'default'")) {
            st.setString(1, project);
            try (var rs = st.executeQuery()) {
                assertTrue(rs.next());
                byte[] stored = Base64.getDecoder().decode(rs.getString(1));
                assertEquals(32 + 16, stored.length, "ciphertext and GCM tag");
                assertFalse(java.util.Arrays.equals(first, java.util.Arrays.copyOf(stored, 32)), "stored encrypted");
            }
        }
        for (Class<?> service : List.of(ActiveScopeService.class, SubjectService.class, StudyRecordService.class,
                JobService.class, AuditService.class, PacsNodeService.class, PacsNodeAdminService.class,
                ProfileService.class, org.rpb.pacs.api.PacsStudiesRemote.class, org.rpb.pacs.api.PacsJobsRemote.class,
                org.rpb.pacs.api.PacsDeidentificationRemote.class)) {
            for (var m : service.getMethods()) {
                assertFalse(m.getReturnType() == byte[].class, service.getSimpleName() + "." + m.getName() + " returns bytes");
            }
        }
        // the job counts follow the per-instance reports, which are kept once per source instance
        JobStatus job = as(DemoUsers.UPLOADER, "RTTRIAL", "DD", () -> {
            long j = jobs.create(JobType.UPLOAD, "PID-RT-0101", null, 0, null);
            jobs.record(j, List.of(new InstanceProgress("1.2.3.1", "1.2.3", null, InstanceState.RETRIEVED, null)));
            jobs.record(j, List.of(new InstanceProgress("1.2.3.1", "1.2.3", "2.25.9", InstanceState.DEIDENTIFIED, null),
                    new InstanceProgress("1.2.3.2", "1.2.3", null, InstanceState.FAILED, "not DICOM: no preamble")));
            jobs.ended(j, JobState.FAILED, "FAILED: not DICOM");
            return jobs.status(j);
        });
        assertEquals(JobState.FAILED, job.state());
        assertEquals(1, job.retrieved());
        assertEquals(1, job.deidentified());
        assertEquals(1, job.failed());
        var rows = as(DemoUsers.VIEWER, "RTTRIAL", "DD", () -> jobs.instances(job.id(), false));
        assertEquals(2, rows.size());
        assertEquals("2.25.9", rows.get(0).targetSopInstanceUid());
    }
}
