package org.rpb.pacs.upload;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.portal.spi.PortalStudyData;
import org.rpb.pacs.security.Roles;

/**
 * The subjects, events and upload slots of the caller's active study and site, as the upload pages browse
 * them. Every method takes the study and site from {@link ActiveScopeService}, never from the caller, so IDs of
 * another study or site find nothing.
 * Every method refuses with {@link org.rpb.pacs.portal.DicomNotEnabledException} when the active study does
 * not collect DICOM data ({@link ActiveScopeService#dicomScope()}).
 */
@Stateless
@RolesAllowed(Roles.PACS_USER)
public class UploadSlotsService {

    @Inject
    private ActiveScopeService scopes;

    @Inject
    private PortalStudyData portal;

    /**
     * @return the subjects of the active study enrolled at the active site, by PID
     * @throws NoActiveScopeException when the caller has no study
     */
    public List<Subject> subjects() throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        return portal.subjects(s.study().code(), s.site().code());
    }

    /**
     * @param pid a subject's PID
     * @return the subject and its events
     * @throws SlotNotFoundException when the subject is not in the active study and site
     * @throws NoActiveScopeException when the caller has no study
     */
    public SubjectEvents subject(String pid) throws SlotNotFoundException, NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        Subject subject = portal.subject(s.study().code(), s.site().code(), pid)
                .orElseThrow(() -> new SlotNotFoundException("the subject"));
        List<SubjectEvents.EventSlots> events = portal.events(s.study().code(), s.site().code(), pid).stream()
                .map(e -> new SubjectEvents.EventSlots(e, portal.slots(s.study().code(), s.site().code(), e.id())))
                .toList();
        return new SubjectEvents(subject, events);
    }

    /**
     * @param slotId an upload slot's ID
     * @return the slot with its event and subject
     * @throws SlotNotFoundException when the slot is not in the active study and site
     * @throws NoActiveScopeException when the caller has no study
     */
    public UploadTarget target(long slotId) throws SlotNotFoundException, NoActiveScopeException {
        return target(scopes.dicomScope(), slotId);
    }

    /**
     * @param s a job's study and site (checked by the job to be open to its user)
     * @param slotId an upload slot's ID
     * @return the slot with its event and subject, in that study and site
     * @throws SlotNotFoundException when the slot is not in that study and site
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public UploadTarget target(ActiveScope s, long slotId) throws SlotNotFoundException {
        String study = s.study().code();
        String site = s.site().code();
        UploadSlot slot = portal.slot(study, site, slotId)
                .orElseThrow(() -> new SlotNotFoundException("upload slot " + slotId));
        EventOccurrence event = portal.event(study, site, slot.eventId())
                .orElseThrow(() -> new SlotNotFoundException("upload slot " + slotId));
        Subject subject = portal.subject(study, site, event.pid())
                .orElseThrow(() -> new SlotNotFoundException("upload slot " + slotId));
        return new UploadTarget(s, subject, event, slot);
    }
}
