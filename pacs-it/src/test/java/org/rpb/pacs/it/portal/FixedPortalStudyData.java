package org.rpb.pacs.it.portal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;

import org.rpb.pacs.portal.EventDefinition;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.SiteRef;
import org.rpb.pacs.portal.StudyConfiguration;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.portal.spi.PortalStudyData;

/**
 * A portal's own implementation of the SPI, as the RPB portal would ship it: a CDI alternative in an EAR
 * library, enabled by its priority. It knows one subject in every study and site, with one event and one upload
 * slot; its tag {@code DICOM} is the opposite of the demo tables' for Study0 (off) and QOL (on); its EDC form is
 * read-only, so it refuses to write or empty the slot.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 10)
@ApplicationScoped
public class FixedPortalStudyData implements PortalStudyData {

    /** The only subject this portal knows. */
    public static final String PID = "ALT-PID-1";

    /** Its only event occurrence. */
    public static final long EVENT = 900_001L;

    /** The event's only upload slot. */
    public static final long SLOT = 900_011L;

    @Override
    public Optional<StudyConfiguration> configuration(String studyCode) {
        String dicom = String.valueOf(!studyCode.equals("STUDY0"));
        return Optional.of(new StudyConfiguration(studyCode, "from the alternative",
                Map.of("DICOM", dicom, "SOURCE", "alternative"), studyCode.equals("STUDY0")));
    }

    @Override
    public List<SiteRef> sites(String studyCode) {
        return List.of(new SiteRef("DD", "Dresden"));
    }

    @Override
    public List<Subject> subjects(String studyCode, String siteCode) {
        return List.of(new Subject(PID, "ALT-001", studyCode, siteCode, null, "F", 1970));
    }

    @Override
    public Optional<Subject> subject(String studyCode, String siteCode, String pid) {
        return subjects(studyCode, siteCode).stream().filter(s -> s.pid().equals(pid)).findFirst();
    }

    @Override
    public Optional<Subject> study0MemberByHisId(String siteCode, String hisPatientId) {
        return Optional.empty();
    }

    @Override
    public List<EventDefinition> eventDefinitions(String studyCode) {
        return List.of(new EventDefinition("ALT", "Alternative visit", false, List.of("Any")));
    }

    @Override
    public List<EventOccurrence> events(String studyCode, String siteCode, String pid) {
        return PID.equals(pid) ? List.of(new EventOccurrence(EVENT, PID, "ALT", "Alternative visit", 1)) : List.of();
    }

    @Override
    public Optional<EventOccurrence> event(String studyCode, String siteCode, long eventId) {
        return events(studyCode, siteCode, PID).stream().filter(e -> e.id() == eventId).findFirst();
    }

    @Override
    public List<UploadSlot> slots(String studyCode, String siteCode, long eventId) {
        return eventId == EVENT ? List.of(new UploadSlot(SLOT, EVENT, "Any", "Any", null)) : List.of();
    }

    @Override
    public Optional<UploadSlot> slot(String studyCode, String siteCode, long slotId) {
        return slots(studyCode, siteCode, EVENT).stream().filter(s -> s.id() == slotId).findFirst();
    }

    @Override
    public boolean writeSlot(String studyCode, String siteCode, long slotId, String studyInstanceUid) {
        return false;
    }

    @Override
    public boolean clearSlot(String studyCode, String siteCode, long slotId) {
        return false;
    }
}
