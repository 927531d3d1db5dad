package org.rpb.pacs.portal.spi;

import java.util.List;
import java.util.Optional;

import org.rpb.pacs.portal.EventDefinition;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.SiteRef;
import org.rpb.pacs.portal.StudyConfiguration;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.UploadSlot;

/**
 * What the module needs from the portal's CTMS and EDC about a study: configuration and tags, sites,
 * subjects, events and their upload slots, and writing a StudyInstanceUID into a slot.
 *
 * <p>Every method that returns subject data takes the study <em>and</em> the site; an implementation
 * returns nothing that belongs to another study or site, whatever ID it is given. The module's services
 * pass the caller's active study and site here, never values from the caller. Methods run in the caller's
 * transaction.
 *
 * <p>The module ships a default implementation on its own tables. The portal replaces it with a CDI
 * alternative ({@code @Alternative @Priority(...)} in a bean archive visible to pacs-ejb, e.g. an EAR
 * library) without touching the services.
 */
public interface PortalStudyData {

    /** The study's configuration and tags, if the study exists. */
    Optional<StudyConfiguration> configuration(String studyCode);

    /** The sites taking part in the study, ordered by code. */
    List<SiteRef> sites(String studyCode);

    /** The subjects of the study enrolled at the site, ordered by PID. */
    List<Subject> subjects(String studyCode, String siteCode);

    /** The subject with the PID in the study at the site, if there is one. */
    Optional<Subject> subject(String studyCode, String siteCode, String pid);

    /**
     * The Study0 member at the site with the hospital patient ID (compared exactly; any string, not only
     * digits), if there is one.
     */
    Optional<Subject> study0MemberByHisId(String siteCode, String hisPatientId);

    /** The study's event definitions in protocol order. */
    List<EventDefinition> eventDefinitions(String studyCode);

    /** The event occurrences of a subject of the study at the site, in protocol and repeat order. */
    List<EventOccurrence> events(String studyCode, String siteCode, String pid);

    /** The event occurrence with the ID, if it belongs to a subject of the study at the site. */
    Optional<EventOccurrence> event(String studyCode, String siteCode, long eventId);

    /** The upload slots of an event occurrence of the study at the site (empty for any other event). */
    List<UploadSlot> slots(String studyCode, String siteCode, long eventId);

    /** The upload slot with the ID, if it belongs to an event of the study at the site. */
    Optional<UploadSlot> slot(String studyCode, String siteCode, long slotId);

    /**
     * Writes a StudyInstanceUID into a slot of the study at the site.
     *
     * @return whether the slot was found in that study and site (nothing is written otherwise)
     */
    boolean writeSlot(String studyCode, String siteCode, long slotId, String studyInstanceUid);

    /**
     * Empties a slot of the study at the site.
     *
     * @return whether the slot was found in that study and site
     */
    boolean clearSlot(String studyCode, String siteCode, long slotId);
}
