package org.rpb.pacs.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rpb.pacs.admin.PreviewResult;
import org.rpb.pacs.admin.PreviewSubject;
import org.rpb.pacs.admin.ProfileDraft;
import org.rpb.pacs.admin.ProfilePreviewService;
import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditEvent;
import org.rpb.pacs.audit.AuditFilter;
import org.rpb.pacs.audit.AuditService;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.profile.PrivateAttributePolicy;
import org.rpb.pacs.profile.ProfileService;
import org.rpb.pacs.profile.ProfileSettings;
import org.rpb.pacs.profile.ProfileVersion;
import org.rpb.pacs.profile.SubjectIdentifier;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.upload.ProjectDeidentifiers;
import org.rpb.pacs.vocabulary.MatchKind;
import org.rpb.pacs.vocabulary.ProjectVocabulary;
import org.rpb.pacs.vocabulary.RoiMappingRule;
import org.rpb.pacs.vocabulary.VocabularyService;

/**
 * The administration services in the container with the real security domain and database: a non-admin gets
 * nothing from them; an admin previews a demo file and stores a project's ROI mapping.
 */
@ExtendWith(ArquillianExtension.class)
class AdminSecurityIT {

    private static final PreviewSubject SUBJECT = new PreviewSubject("PREVIEW-0001", "RPB", "RTTRIAL", "DD",
            "PREVIEW-0001", null);

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(AdminSecurityIT.class);
    }

    @EJB
    private ProfilePreviewService previews;

    @EJB
    private VocabularyService vocabularies;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private AuditService audit;

    @EJB
    private ProfileService profiles;

    @EJB
    private org.rpb.pacs.node.PacsNodeAdminService nodeAdmin;

    @EJB
    private org.rpb.pacs.admin.NodeTestService nodeTests;

    @EJB
    private JobService jobs;

    @EJB
    private ProjectDeidentifiers deidentifiers;

    @Test
    void nonAdminsGetNothingFromTheAdministrationServices() {
        for (String user : List.of(DemoUsers.UPLOADER, DemoUsers.STAGER, DemoUsers.VIEWER, DemoUsers.OUTSIDER)) {
            assertThrows(EJBAccessException.class, () -> RunAs.user(user, previews::demoSamples), user);
            assertThrows(EJBAccessException.class, () -> RunAs.user(user, () -> previews.validateRules("")), user);
            assertThrows(EJBAccessException.class, () -> RunAs.user(user, () -> previews.previewDemo("CT_small.dcm",
                    ProfileDraft.builder().build(), SUBJECT)), user);
            assertThrows(EJBAccessException.class, () -> RunAs.user(user, () -> previews.previewUpload("x.dcm",
                    new byte[0], ProfileDraft.builder().build(), SUBJECT)), user);
            assertThrows(EJBAccessException.class, () -> RunAs.user(user, vocabularies::standardNames), user);
            assertThrows(EJBAccessException.class, () -> RunAs.user(user, () -> vocabularies.vocabulary()),
                    user);
            assertThrows(EJBAccessException.class, () -> RunAs.user(user,
                    () -> vocabularies.save(true, List.of())), user);
        }
        assertThrows(EJBAccessException.class, () -> previews.demoSamples(), "anonymous");
    }

    @Test
    void adminPreviewsADemoFileInTheServer() throws Exception {
        PreviewResult r = RunAs.user(DemoUsers.ADMIN, () -> previews.previewDemo("CT_small.dcm",
                ProfileDraft.builder().build(), SUBJECT));
        assertEquals("CompressedSamples^CT1", r.change("PatientName").oldValue());
        assertEquals("PREVIEW-0001", r.change("PatientName").newValue());
        assertTrue(r.clean(), r.leaks().toString());
        assertFalse(RunAs.user(DemoUsers.ADMIN, () -> previews.validateRules("{\n\"version\": 1,\n\"rules\": [x]\n}"))
                .isEmpty());
    }

    @Test
    // that running jobs keep their version is shown by real jobs: StagingJobIT (a staging retry after a
    // profile change) and UploadServiceIT (an upload retry after a profile change)
    void aVersionAJobRecordedStaysUnchangedAndUsableAfterALaterVersionIsSaved() throws Exception {
        ProfileSettings a = settings("VERSION-A");
        ProfileSettings b = settings("VERSION-B");
        Object[] out = RunAs.user(DemoUsers.ADMIN, () -> {
            scopes.select("RTTRIAL", "DD");
            ProfileVersion n = profiles.save(a);
            JobStatus job = jobs.status(jobs.create(JobType.COPY, "PID-RT-0101", null, n.version(), null));
            ProfileVersion n1 = profiles.save(b);
            ProfileVersion jobsVersion = profiles.version(jobs.job(job.id()).orElseThrow().profileVersion())
                    .orElseThrow();
            PreviewResult byJob = previews.previewDemo("CT_small.dcm", ProfileDraft.of(jobsVersion.settings(),
                    vocabularies.vocabulary().mapping(), false), SUBJECT);
            PreviewResult byCurrent = previews.previewDemo("CT_small.dcm", ProfileDraft.of(
                    profiles.current().orElseThrow().settings(), vocabularies.vocabulary().mapping(), false),
                    SUBJECT);
            return new Object[] {n, n1, jobsVersion, byJob, byCurrent};
        });
        ProfileVersion n = (ProfileVersion) out[0];
        ProfileVersion n1 = (ProfileVersion) out[1];
        assertEquals(n.version() + 1, n1.version());
        assertEquals(n.version(), ((ProfileVersion) out[2]).version(), "the job records version N");
        assertEquals(a, ((ProfileVersion) out[2]).settings(), "version N is unchanged by N+1");
        assertEquals("VERSION-A", ((PreviewResult) out[3]).change("SeriesDescription").newValue());
        assertEquals("VERSION-B", ((PreviewResult) out[4]).change("SeriesDescription").newValue());
    }

    @Test
    void aRotatedKeyGivesUnrelatedUidsWhileTheVersionBeforeItKeepsTheOldOnes() throws Exception {
        String uid = "1.2.826.0.1.3680043.8.498.10000000000000000000000000000000001";
        String[] out = RunAs.user(DemoUsers.ADMIN, () -> {
            scopes.select("RTTRIAL", "DD");
            ProfileSettings current = profiles.current().map(ProfileVersion::settings)
                    .orElse(ProfileSettings.defaults());
            ProfileVersion before = profiles.save(current);
            ProfileSettings rotated = new ProfileSettings(current.options(), current.rulesText(),
                    current.subjectIdentifier(), current.trialSponsor(), current.trialProtocolId(),
                    current.trialProtocolName(), current.privatePolicy(), "key-it-" + (before.version() + 1));
            ProfileVersion after = profiles.save(rotated);
            try {
                return new String[] {
                    remap(before.version(), uid), remap(after.version(), uid), remap(before.version(), uid)};
            } finally {
                profiles.save(current);
            }
        });
        assertTrue(out[0].startsWith("2.25.") && out[1].startsWith("2.25."), String.join(" ", out));
        assertNotEquals(out[0], out[1], "the new key must not give the old key's UIDs");
        assertEquals(out[0], out[2], "the version before the rotation still gives its UIDs");
    }

    private String remap(int version, String uid) throws Exception {
        return deidentifiers.forVersion(version).deidentifier().uidRemapper().remap(uid);
    }

    private static ProfileSettings settings(String seriesDescription) {
        return new ProfileSettings(Set.of(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES), "{\"version\": 1, \"rules\": ["
                + "{\"path\": \"SeriesDescription\", \"action\": \"set\", \"value\": \"" + seriesDescription + "\"}]}",
                SubjectIdentifier.PID, "RPB", null, null, PrivateAttributePolicy.REMOVE_ALL, "default");
    }

    @Test
    void adminStoresTheMappingOfTheActiveStudyInOrderAuditedForThatStudyOnly() throws Exception {
        List<RoiMappingRule> rules = List.of(new RoiMappingRule(MatchKind.PATTERN, "ptv.*", "PTV"),
                new RoiMappingRule(MatchKind.EXACT, "Myelon", "SpinalCord"));
        ProjectVocabulary saved = RunAs.user(DemoUsers.ADMIN, () -> {
            scopes.select("RTTRIAL", "DD");
            return vocabularies.save(true, rules);
        });
        assertEquals(rules, saved.mapping().rules());
        assertEquals("RTTRIAL", saved.studyCode());
        ProjectVocabulary again = RunAs.user(DemoUsers.ADMIN, () -> vocabularies.save(false, List.of(rules.get(1))));
        assertFalse(again.enabled());
        assertEquals(List.of(rules.get(1)), RunAs.user(DemoUsers.ADMIN, () -> vocabularies.vocabulary())
                .mapping().rules());
        // another active study has its own vocabulary, untouched
        String marker = "Marker" + System.nanoTime();
        ProjectVocabulary study0 = RunAs.user(DemoUsers.ADMIN, () -> {
            scopes.select("STUDY0", "DD");
            return vocabularies.save(false, List.of(new RoiMappingRule(MatchKind.EXACT, marker, "PTV")));
        });
        assertEquals("STUDY0", study0.studyCode());
        assertEquals(List.of(rules.get(1)), RunAs.user(DemoUsers.ADMIN, () -> {
            scopes.select("RTTRIAL", "DD");
            return vocabularies.vocabulary();
        }).mapping().rules(), "RTTRIAL's vocabulary is untouched by STUDY0's");
        RunAs.user(DemoUsers.ADMIN, () -> scopes.select("STUDY0", "DD"));
        // the audit entries: the study's administrators see them at every site, other studies' never
        String detail = "ROI vocabulary of study STUDY0 saved";
        AuditFilter config = AuditFilter.all().withAction(AuditAction.CONFIGURATION);
        assertTrue(RunAs.user(DemoUsers.ADMIN, () -> audit.events(config, 0, 50)).events().stream()
                .anyMatch(e -> e.detail().startsWith(detail) && "STUDY0".equals(e.studyCode())), "STUDY0's admin sees it");
        for (String[] other : List.of(new String[] {"RTTRIAL", "DD"}, new String[] {"RTTRIAL", "MUC"})) {
            List<AuditEvent> seen = RunAs.user(DemoUsers.ADMIN, () -> {
                scopes.select(other[0], other[1]);
                return audit.events(config, 0, 200).events();
            });
            assertTrue(seen.stream().noneMatch(e -> e.detail().startsWith(detail)), "seen in " + other[0]);
            if (other[0].equals("RTTRIAL")) {
                assertTrue(seen.stream().anyMatch(e -> e.detail().startsWith("ROI vocabulary of study RTTRIAL")),
                        "RTTRIAL's admin sees RTTRIAL's change at " + other[1]);
            }
        }
        RunAs.user(DemoUsers.ADMIN, () -> scopes.select("RTTRIAL", "DD"));
    }

    @Test
    void theAdministrationServicesRefuseAStudyWithoutDicom() throws Exception {
        RunAs.user(DemoUsers.ADMIN, () -> scopes.select("QOL", "DD"));
        try {
            for (java.util.concurrent.Callable<?> call : List.<java.util.concurrent.Callable<?>>of(
                    () -> vocabularies.vocabulary(),
                    () -> vocabularies.save(false, List.of()),
                    () -> audit.events(AuditFilter.all(), 0, 10),
                    () -> profiles.current())) {
                Exception e = assertThrows(Exception.class, () -> RunAs.user(DemoUsers.ADMIN, call));
                assertTrue(e instanceof org.rpb.pacs.portal.DicomNotEnabledException, e.toString());
            }
        } finally {
            RunAs.user(DemoUsers.ADMIN, () -> scopes.select("RTTRIAL", "DD"));
        }
    }

    @Test
    void anAdministratorWithoutThePacsUserRoleIsRefusedByTheNodeServices() throws Exception {
        // test-roles.properties: adminonly has ROLE_PACS_ADMIN but not ROLE_PACS_USER
        assertThrows(EJBAccessException.class, () -> RunAs.user("adminonly", () -> nodeAdmin.nodes()));
        assertThrows(EJBAccessException.class, () -> RunAs.user("adminonly", () -> nodeTests.test(
                new org.rpb.pacs.node.PacsNode(null, "x", org.rpb.pacs.node.NodeRole.RESEARCH, "X", "127.0.0.1", 1,
                        "RPB_PACS", 1000, 1000, null))));
        assertFalse(RunAs.user(DemoUsers.ADMIN, () -> nodeAdmin.nodes()) == null);
    }
}
