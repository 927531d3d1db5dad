package org.rpb.pacs.it.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.ejb.EJB;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rpb.pacs.audit.AuditAction;
import org.rpb.pacs.audit.AuditEvent;
import org.rpb.pacs.audit.AuditFilter;
import org.rpb.pacs.audit.AuditService;
import org.rpb.pacs.core.net.testing.OrthancServer;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.lookup.LookupResult;
import org.rpb.pacs.lookup.LookupService;
import org.rpb.pacs.portal.ActiveScopeService;

/**
 * Lookups in the clinical PACS are audited (issue 16) with the Study0 patient's PID only: a C-FIND for a patient,
 * the HIS patient ID resolved for staging, and identifiers refused (counted, never named). The HIS patient ID and
 * what the user typed appear in no audit event. Against a real clinical Orthanc holding pydicom's CT_small (HIS
 * patient ID 1CT1, the demo's Study0 patient PID-S0-0001 at DD).
 */
@ExtendWith(ArquillianExtension.class)
class LookupAuditIT {
    private static final String HIS_ID = "1CT1";
    private static final String PID = "PID-S0-0001";
    private static final String TYPED = "NOT-A-PATIENT-" + Long.toString(System.nanoTime(), 36).toUpperCase();

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTests(LookupAuditIT.class, OrthancServer.class);
    }

    @EJB
    private LookupService lookup;

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private AuditService audit;

    @Test
    void lookupsAreAuditedWithThePidOnlyNeverTheHisPatientId(@TempDir Path dir) throws Exception {
        try (OrthancServer clinical = OrthancServer.start("CLINICAL", dir.resolve("clinical"), "")) {
            clinical.upload(Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm"));
            System.setProperty("pacs.clinical.node", clinical.node());
            try {
                LookupResult r = RunAs.user(DemoUsers.STAGER, () -> {
                    scopes.select("STUDY0", "DD");
                    return lookup.lookup(HIS_ID + ", " + TYPED);
                });
                assertEquals(List.of(TYPED), r.refused());
                assertEquals(List.of(PID), r.patients().stream().map(LookupResult.Patient::pid).toList());
                assertEquals(1, r.patients().get(0).studies().size(), String.valueOf(r.patients().get(0).error()));
                assertEquals(HIS_ID, RunAs.user(DemoUsers.STAGER, () -> lookup.hisPatientId(PID)));
            } finally {
                System.clearProperty("pacs.clinical.node");
            }
        }
        List<AuditEvent> events = RunAs.user(DemoUsers.ADMIN, () -> {
            scopes.select("STUDY0", "DD");
            return audit.events(AuditFilter.all().withAction(AuditAction.LOOKUP).withUser(DemoUsers.STAGER), 0, 200)
                    .events();
        });
        RunAs.user(DemoUsers.ADMIN, () -> scopes.select("RTTRIAL", "DD"));
        assertTrue(events.stream().anyMatch(e -> PID.equals(e.pid()) && "clinical C-FIND: 1 studies".equals(e.detail())),
                events.toString());
        assertTrue(events.stream().anyMatch(e -> PID.equals(e.pid())
                && "HIS patient ID resolved for staging".equals(e.detail())), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.pid() == null && e.detail().startsWith("1 identifiers refused")),
                events.toString());
        for (AuditEvent e : events) {
            assertTrue(!e.toString().contains(HIS_ID) && !e.toString().contains(TYPED), "identifier in " + e);
            assertEquals("STUDY0", e.studyCode());
        }
    }
}
