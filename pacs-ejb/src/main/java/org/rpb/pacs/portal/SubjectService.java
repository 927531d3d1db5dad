package org.rpb.pacs.portal;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.portal.spi.PortalStudyData;
import org.rpb.pacs.security.Roles;

/**
 * The subjects, events and upload slots of the caller's active study and site, from the portal SPI.
 * Whatever PID or ID a caller passes, the answer comes only from the active study and site: an ID of
 * another study or site gives an empty result. Apart from the study's configuration, every method refuses with
 * {@link DicomNotEnabledException} when the active study does not collect DICOM data.
 */
@Stateless
public class SubjectService {

    @EJB
    private ActiveScopeService scopes;

    @Inject
    private PortalStudyData portal;

    /** The active study's configuration and tags. */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<StudyConfiguration> configuration() throws NoActiveScopeException {
        return portal.configuration(scopes.current().study().code());
    }

    /** The active study's event definitions and their slots. */
    @RolesAllowed(Roles.PACS_USER)
    public List<EventDefinition> eventDefinitions() throws NoActiveScopeException {
        return portal.eventDefinitions(scopes.dicomScope().study().code());
    }

    /** The subjects of the active study at the active site, by PID. */
    @RolesAllowed(Roles.PACS_USER)
    public List<Subject> subjects() throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        return portal.subjects(s.study().code(), s.site().code());
    }

    /** The subject with the PID in the active study and site. */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<Subject> subject(String pid) throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        return portal.subject(s.study().code(), s.site().code(), pid);
    }

    /** The events of a subject of the active study and site. */
    @RolesAllowed(Roles.PACS_USER)
    public List<EventOccurrence> events(String pid) throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        return portal.events(s.study().code(), s.site().code(), pid);
    }

    /** The event occurrence with the ID in the active study and site. */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<EventOccurrence> event(long eventId) throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        return portal.event(s.study().code(), s.site().code(), eventId);
    }

    /** The upload slots of an event occurrence in the active study and site. */
    @RolesAllowed(Roles.PACS_USER)
    public List<UploadSlot> slots(long eventId) throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        return portal.slots(s.study().code(), s.site().code(), eventId);
    }

    /** The upload slot with the ID in the active study and site. */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<UploadSlot> slot(long slotId) throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        return portal.slot(s.study().code(), s.site().code(), slotId);
    }

    /**
     * The Study0 member at the active site with the HIS patient ID; only in Study0, for lookups.
     * Empty when the active study is not Study0.
     */
    @RolesAllowed(Roles.PACS_LOOKUP)
    public Optional<Subject> study0Member(String hisPatientId) throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        if (!s.study().study0()) {
            return Optional.empty();
        }
        return portal.study0MemberByHisId(s.site().code(), hisPatientId);
    }
}
