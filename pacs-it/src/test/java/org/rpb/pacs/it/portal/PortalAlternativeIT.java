package org.rpb.pacs.it.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.ejb.EJB;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rpb.pacs.it.support.DemoUsers;
import org.rpb.pacs.it.support.Deployments;
import org.rpb.pacs.it.support.RunAs;
import org.rpb.pacs.home.PacsHomeService;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.DicomNotEnabledException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.SubjectService;
import org.rpb.pacs.record.NewStudyRecord;
import org.rpb.pacs.record.SeriesRecord;
import org.rpb.pacs.record.Stage;
import org.rpb.pacs.record.StudyRecord;
import org.rpb.pacs.record.SlotNotWrittenException;
import org.rpb.pacs.record.StudyRecordService;
import org.rpb.pacs.upload.UploadSlotsService;

/**
 * The EAR as built, plus a library holding a portal's own {@link org.rpb.pacs.portal.spi.PortalStudyData}
 * as a CDI alternative: the unchanged services use it instead of the module's tables.
 */
@ExtendWith(ArquillianExtension.class)
class PortalAlternativeIT {

    @Deployment
    static EnterpriseArchive deployment() {
        JavaArchive portal = ShrinkWrap.create(JavaArchive.class, "portal-spi-alternative.jar")
                .addClass(FixedPortalStudyData.class)
                .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
        return Deployments.earWithTests(PortalAlternativeIT.class).addAsLibrary(portal);
    }

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private SubjectService subjects;

    @EJB
    private StudyRecordService records;

    @EJB
    private PacsHomeService home;

    @EJB
    private UploadSlotsService slots;

    @Test
    void servicesUseTheAlternativeWithoutAnyChange() throws Exception {
        List<Subject> seen = RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("RTTRIAL", "DD");
            return subjects.subjects();
        });
        assertEquals(List.of(FixedPortalStudyData.PID), seen.stream().map(Subject::pid).toList(),
                "subjects come from the alternative, not from the demo tables");
        assertEquals("alternative", RunAs.user(DemoUsers.UPLOADER,
                () -> subjects.configuration().orElseThrow().tags().get("SOURCE")));
        assertTrue(RunAs.user(DemoUsers.UPLOADER, () -> subjects.subject("PID-RT-0101")).isEmpty(),
                "a demo subject is unknown to the alternative");
        // the record service checks its subjects through the alternative too
        String uid = "2.25." + System.nanoTime();
        StudyRecord r = RunAs.user(DemoUsers.UPLOADER, () -> records.register(new NewStudyRecord(Stage.PROJECT_COPY,
                FixedPortalStudyData.PID, uid, null, null, null, null, null,
                List.of(new SeriesRecord(uid + ".1", null, "MR", null, 1)))));
        assertEquals(FixedPortalStudyData.PID, r.pid());
        assertEquals("RTTRIAL", r.studyCode());

        // the portal's EDC form refuses the write: the link fails clearly and changes nothing
        SlotNotWrittenException refused = assertThrows(SlotNotWrittenException.class,
                () -> RunAs.user(DemoUsers.UPLOADER, () -> records.link(r.id(), FixedPortalStudyData.SLOT, true)));
        assertTrue(refused.getMessage().contains("did not write"), refused.getMessage());
        assertThrows(SlotNotWrittenException.class, () -> RunAs.user(DemoUsers.UPLOADER, () -> {
            records.unlink(FixedPortalStudyData.SLOT);
            return null;
        }));
        StudyRecord after = RunAs.user(DemoUsers.UPLOADER, () -> records.study(r.id())).orElseThrow();
        assertNull(after.slotId(), "the record is in no slot");
        assertTrue(RunAs.user(DemoUsers.UPLOADER, () -> records.slotHistory(FixedPortalStudyData.SLOT)).isEmpty(),
                "no slot history entry");
    }

    @Test
    void theAlternativesDicomTagSwitchesEveryServiceOnAndOff() throws Exception {
        // Study0 collects DICOM in the demo tables, but this portal says DICOM=false: every service refuses
        RunAs.user(DemoUsers.ADMIN, () -> {
            scopes.select("STUDY0", "DD");
            assertFalse(home.overview().dicomEnabled(), "the home page follows the SPI's tag");
            assertFalse(scopes.current().study().dicomEnabled());
            for (Runnable call : List.<Runnable>of(
                    () -> unchecked(subjects::subjects), () -> unchecked(() -> subjects.slot(FixedPortalStudyData.SLOT)),
                    () -> unchecked(() -> records.studiesOfSubject(FixedPortalStudyData.PID)),
                    () -> unchecked(slots::subjects), () -> unchecked(() -> slots.target(FixedPortalStudyData.SLOT)))) {
                DicomNotEnabledException e = assertThrows(DicomNotEnabledException.class, call::run);
                assertTrue(e.getMessage().contains("STUDY0") && e.getMessage().contains("DICOM"), e.getMessage());
            }
            assertEquals("false", subjects.configuration().orElseThrow().tags().get("DICOM"),
                    "the configuration itself stays readable");
            return null;
        });
        // QOL does not collect DICOM in the demo tables, but this portal switches it on
        List<Subject> qol = RunAs.user(DemoUsers.UPLOADER, () -> {
            scopes.select("QOL", "DD");
            assertTrue(home.overview().dicomEnabled());
            return subjects.subjects();
        });
        assertEquals(List.of(FixedPortalStudyData.PID), qol.stream().map(Subject::pid).toList());
        // the scopes the other tests start from
        RunAs.user(DemoUsers.UPLOADER, () -> scopes.select("RTTRIAL", "DD"));
        RunAs.user(DemoUsers.ADMIN, () -> scopes.select("RTTRIAL", "DD"));
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static void unchecked(Call c) {
        try {
            c.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
