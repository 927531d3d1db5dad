package org.rpb.pacs.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Singleton;
import jakarta.ejb.Stateful;
import jakarta.ejb.Stateless;
import jakarta.interceptor.Interceptors;

import org.junit.jupiter.api.Test;

/**
 * Every public business method of every session bean of the module (stateless, singleton or stateful, in
 * any package) carries {@code @RolesAllowed} (on the method or its class) or {@code @DenyAll}, none is
 * {@code @PermitAll}, and none returns raw bytes (keys); and {@link #POLICY} states, for each of them, the roles,
 * how {@code ROLE_PACS_USER} is required as well, and whether the bean checks the active study's DICOM tag.
 */
class BusinessMethodsTest {

    /**
     * One line per business method: {@code Bean.method}, the roles of its {@code @RolesAllowed} (any one of them
     * lets the caller in; without the {@code ROLE_PACS_} prefix), how {@code ROLE_PACS_USER} is required too, and
     * the DICOM-tag check.
     * <ul>
     * <li>{@code role}: ROLE_PACS_USER is among the roles; {@code interceptor}: {@link PacsUserRequired};
     * {@code scope}: the bean works in the caller's active study through {@code ActiveScopeService}, whose every
     * method needs ROLE_PACS_USER; {@code calls}: none of these in the bean itself: it reaches ROLE_PACS_USER
     * through the module's beans it calls (the container propagates the caller), which the ITs check.</li>
     * <li>{@code tag}: the bean takes its scope from {@code ActiveScopeService.dicomScope()}, which refuses a study
     * whose DICOM tag is not true; {@code -}: it does not check the tag itself.</li>
     * </ul>
     * Both last columns are checked per bean (its class file), the roles per method. A new method fails the test
     * until it has its line here.
     */
    static final String POLICY = """
            ActiveScopeService.choices                 USER           role        tag
            ActiveScopeService.current                 USER           role        tag
            ActiveScopeService.dicomScope              USER           role        tag
            ActiveScopeService.select                  USER           role        tag
            AssignExistingService.assign               UPLOAD         calls       -
            AssignExistingService.candidates           UPLOAD         calls       -
            AuditService.events                        ADMIN          scope       tag
            DicomWebAccessService.retrieve             USER           role        tag
            DicomWebAccessService.scope                USER           role        tag
            DownloadService.record                     DOWNLOAD       calls       -
            DownloadService.stream                     DOWNLOAD       calls       -
            JobAccess.check                            UPLOAD         scope       -
            JobLeaseService.adoptOwn                   PERMIT         calls       -
            JobLeaseService.claim                      PERMIT         calls       -
            JobLeaseService.expired                    PERMIT         calls       -
            JobLeaseService.heldElsewhere              PERMIT         calls       -
            JobLeaseService.holds                      PERMIT         calls       -
            JobLeaseService.node                       PERMIT         calls       -
            JobLeaseService.release                    PERMIT         calls       -
            JobLeaseService.requestCancel              PERMIT         calls       -
            JobLeaseService.stillHolds                 PERMIT         calls       -
            JobLeaseService.takeOverExpired            PERMIT         calls       -
            JobLeaseService.unheld                     PERMIT         calls       -
            JobRecovery.interrupted                    UPLOAD,USER    role        -
            JobRecovery.resume                         UPLOAD         calls       -
            JobService.awaitChange                     USER           role        tag
            JobService.cancel                          UPLOAD         scope       tag
            JobService.create                          UPLOAD         scope       tag
            JobService.ended                           UPLOAD,USER    role        tag
            JobService.instances                       USER           role        tag
            JobService.job                             USER           role        tag
            JobService.jobs                            USER           role        tag
            JobService.plan                            UPLOAD         scope       tag
            JobService.record                          UPLOAD         scope       tag
            JobService.retry                           UPLOAD         scope       tag
            JobService.start                           UPLOAD         scope       tag
            JobService.started                         UPLOAD,USER    role        tag
            JobService.status                          USER           role        tag
            LookupService.hisPatientId                 LOOKUP         scope       -
            LookupService.lookup                       LOOKUP         scope       -
            ModuleReceiver.receiver                    UPLOAD         calls       -
            ModuleReceiver.refusedCount                USER           role        -
            ModuleReceiver.running                     USER           role        -
            ModuleReceiver.unclaimedCount              USER           role        -
            NodeTestService.test                       ADMIN          interceptor -
            PacsDeidentificationBean.deidentify        UPLOAD         scope       tag
            PacsDeidentificationBean.exchangeFolder    UPLOAD         scope       tag
            PacsHomeService.overview                   USER           role        -
            PacsJobsBean.failures                      USER           role        tag
            PacsJobsBean.instances                     USER           role        tag
            PacsJobsBean.jobs                          USER           role        tag
            PacsJobsBean.status                        USER           role        tag
            PacsNodeAdminService.create                ADMIN          interceptor -
            PacsNodeAdminService.delete                ADMIN          interceptor -
            PacsNodeAdminService.nodes                 ADMIN          interceptor -
            PacsNodeAdminService.update                ADMIN          interceptor -
            PacsNodeService.node                       USER           role        -
            PacsNodeService.nodes                      USER           role        -
            PacsStudiesBean.studiesOfEvent             USER           role        -
            PacsStudiesBean.studiesOfSubject           USER           role        -
            ProfilePreviewService.demoSamples          ADMIN          calls       -
            ProfilePreviewService.previewDemo          ADMIN          calls       -
            ProfilePreviewService.previewUpload        ADMIN          calls       -
            ProfilePreviewService.validateRules        ADMIN          calls       -
            ProfileService.current                     USER           role        tag
            ProfileService.restore                     ADMIN          scope       tag
            ProfileService.save                        ADMIN          scope       tag
            ProfileService.version                     USER           role        tag
            ProfileService.versions                    ADMIN          scope       tag
            ProjectDeidentifiers.current               UPLOAD         scope       tag
            ProjectDeidentifiers.draft                 UPLOAD         scope       tag
            ProjectDeidentifiers.forVersion            UPLOAD         scope       tag
            ResearchArchiveLocator.archive             USER           role        -
            RetentionAdminService.orphans              ADMIN          scope       tag
            RetentionAdminService.policy               ADMIN          scope       tag
            RetentionAdminService.sweepNow             ADMIN          scope       tag
            RetentionSweeper.sweep                     ADMIN          calls       -
            ResearchArchiveLocator.node                USER           role        -
            StagingJobService.copiesOf                 LOOKUP,UPLOAD  scope       tag
            StagingJobService.copyToProject            UPLOAD         scope       tag
            StagingJobService.stageIntoStudy0          UPLOAD         scope       tag
            StagingProfiles.currentVersion             UPLOAD         scope       -
            StagingProgressStore.copiesOf              LOOKUP,UPLOAD  scope       tag
            StagingProgressStore.recordCopy            UPLOAD         scope       tag
            StagingRecorder.record                     UPLOAD         scope       -
            Study0CopyService.copiesOf                 UPLOAD         scope       -
            StudyDetailService.detail                  LOOKUP         scope       -
            StudyDetailService.suggestions             LOOKUP         scope       -
            StudyRecordService.link                    UPLOAD         scope       tag
            StudyRecordService.recordDownload          DOWNLOAD       scope       tag
            StudyRecordService.register                UPLOAD         scope       tag
            StudyRecordService.slotHistory             USER           role        tag
            StudyRecordService.studiesOfEvent          USER           role        tag
            StudyRecordService.studiesOfSubject        USER           role        tag
            StudyRecordService.study                   USER           role        tag
            StudyRecordService.unlink                  UPLOAD         scope       tag
            SubjectService.configuration               USER           role        tag
            SubjectService.event                       USER           role        tag
            SubjectService.eventDefinitions            USER           role        tag
            SubjectService.events                      USER           role        tag
            SubjectService.slot                        USER           role        tag
            SubjectService.slots                       USER           role        tag
            SubjectService.study0Member                LOOKUP         scope       tag
            SubjectService.subject                     USER           role        tag
            SubjectService.subjects                    USER           role        tag
            ThumbnailService.thumbnail                 USER           role        -
            UploadJobService.awaitChange               USER           role        -
            UploadJobService.retry                     UPLOAD         calls       -
            UploadJobService.retryable                 UPLOAD         calls       -
            UploadJobService.running                   UPLOAD         calls       -
            UploadJobService.start                     UPLOAD         calls       -
            UploadJobService.view                      USER           role        -
            UploadSessionBean.begin                    UPLOAD         calls       -
            UploadSessionBean.confirm                  UPLOAD         calls       -
            UploadSessionBean.contents                 UPLOAD         calls       -
            UploadSessionBean.discard                  UPLOAD         calls       -
            UploadSessionBean.findings                 UPLOAD         calls       -
            UploadSessionBean.preview                  UPLOAD         calls       -
            UploadSessionBean.receive                  UPLOAD         calls       -
            UploadSessionBean.receivedBytes            UPLOAD         calls       -
            UploadSessionBean.receiver                 UPLOAD         calls       -
            UploadSessionBean.target                   UPLOAD         calls       -
            UploadSessionBean.thumbnail                UPLOAD         calls       -
            UploadSlotsService.subject                 USER           role        tag
            UploadSlotsService.subjects                USER           role        tag
            UploadSlotsService.target                  USER           role        tag
            VocabularyService.save                     ADMIN          scope       tag
            VocabularyService.standardNames            ADMIN          scope       tag
            VocabularyService.vocabulary               ADMIN          scope       tag
            """;

    /**
     * The only beans open to any caller: the job leases hold job IDs and node names, no patient data, and are used by
     * the container's timers and the batch runtime, where no user is logged in (JobRecovery's takeover timer).
     */
    private static final List<Class<?>> PERMITTED = List.of(org.rpb.pacs.job.lease.JobLeaseService.class);

    private static final List<Class<? extends java.lang.annotation.Annotation>> SESSION_BEANS =
            List.of(Stateless.class, Singleton.class, Stateful.class);

    @Test
    void everyBusinessMethodNamesItsRolesAndNoneReturnsBytes() throws Exception {
        List<Class<?>> beans = beans();
        assertTrue(beans.size() >= 30, "session beans found: " + beans);
        // the scan reaches every package and bean type (these two once slipped through)
        assertTrue(beans.contains(org.rpb.pacs.receiver.ModuleReceiver.class), "singleton beans are scanned");
        assertTrue(beans.contains(org.rpb.pacs.staging.job.StagingProgressStore.class), "staging beans are scanned");
        List<String> problems = new ArrayList<>();
        for (Class<?> bean : beans) {
            if (PERMITTED.contains(bean)) {
                continue;
            }
            if (bean.isAnnotationPresent(PermitAll.class)) {
                problems.add(bean.getSimpleName() + " is @PermitAll");
            }
            for (Method m : bean.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                if (m.isAnnotationPresent(PermitAll.class)) {
                    problems.add(bean.getSimpleName() + "." + m.getName() + " is @PermitAll");
                }
                boolean roles = m.isAnnotationPresent(RolesAllowed.class) || m.isAnnotationPresent(DenyAll.class)
                        || bean.isAnnotationPresent(RolesAllowed.class);
                if (!roles) {
                    problems.add(bean.getSimpleName() + "." + m.getName() + " has no @RolesAllowed");
                }
                if (m.getReturnType() == byte[].class) {
                    problems.add(bean.getSimpleName() + "." + m.getName() + " returns bytes");
                }
            }
        }
        assertEquals(List.of(), problems);
        // the key holder is no session bean
        assertFalse(org.rpb.pacs.secrets.ProjectKeys.class.isAnnotationPresent(Stateless.class));
    }

    @Test
    void everyBusinessMethodHasItsLineInThePolicy() throws Exception {
        Path root = Path.of(Roles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeMap<String, String> actual = new TreeMap<>();
        for (Class<?> bean : beans()) {
            String code = new String(Files.readAllBytes(root.resolve(bean.getName().replace('.', '/') + ".class")),
                    StandardCharsets.ISO_8859_1);
            boolean tag = code.contains("dicomScope");
            boolean scope = !bean.getSimpleName().equals("ActiveScopeService")
                    && code.contains("org/rpb/pacs/portal/ActiveScopeService");
            Interceptors interceptors = bean.getAnnotation(Interceptors.class);
            boolean interceptor = interceptors != null && Arrays.asList(interceptors.value()).contains(PacsUserRequired.class);
            // getDeclaredMethods has no fixed order: of overloads, the one with the fewest parameters states the line
            List<Method> methods = Arrays.stream(bean.getDeclaredMethods()).sorted(java.util.Comparator
                    .comparing(Method::getName).thenComparingInt(Method::getParameterCount)).toList();
            for (Method m : methods) {
                if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()
                        || actual.containsKey(bean.getSimpleName() + "." + m.getName())) {
                    continue;
                }
                RolesAllowed r = m.isAnnotationPresent(RolesAllowed.class) ? m.getAnnotation(RolesAllowed.class)
                        : bean.getAnnotation(RolesAllowed.class);
                boolean permit = m.isAnnotationPresent(PermitAll.class) || bean.isAnnotationPresent(PermitAll.class);
                List<String> roles = r == null ? List.of(permit ? "PERMIT" : "DENY")
                        : Arrays.stream(r.value()).map(x -> x.replace("ROLE_PACS_", "")).sorted().toList();
                String user = roles.contains("USER") ? "role" : interceptor ? "interceptor" : scope ? "scope" : "calls";
                actual.put(bean.getSimpleName() + "." + m.getName(),
                        String.join(",", roles) + " " + user + " " + (tag ? "tag" : "-"));
            }
        }
        TreeMap<String, String> stated = new TreeMap<>();
        for (String line : POLICY.strip().split("\\n")) {
            String[] f = line.strip().split("\\s+");
            stated.put(f[0], f[1] + " " + f[2] + " " + f[3]);
        }
        StringBuilder table = new StringBuilder();
        actual.forEach((k, v) -> table.append(String.format("            %-42s %-14s %-11s %s%n", k,
                v.split(" ")[0], v.split(" ")[1], v.split(" ")[2])));
        assertEquals(stated, actual, "the policy differs from the beans; as they are now:\n" + table);
        // the gaps of issue 16 stay closed
        assertEquals("ADMIN interceptor -", actual.get("PacsNodeAdminService.create"));
        assertEquals("ADMIN interceptor -", actual.get("NodeTestService.test"));
        for (String m : List.of("AuditService.events", "ProfileService.save", "VocabularyService.vocabulary",
                "StagingProgressStore.copiesOf", "JobService.jobs", "JobService.instances")) {
            assertTrue(actual.get(m).endsWith(" tag"), m + " checks the DICOM tag");
        }
    }

    private static List<Class<?>> beans() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Roles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> beans = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("org/rpb/pacs"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".class") && !x.toString().contains("$")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, BusinessMethodsTest.class.getClassLoader());
                if (SESSION_BEANS.stream().anyMatch(c::isAnnotationPresent)) {
                    beans.add(c);
                }
            }
        }
        return beans;
    }
}
