package org.rpb.pacs.upload;

import java.io.Serializable;
import java.util.Objects;

import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.EventOccurrence;
import org.rpb.pacs.portal.Subject;
import org.rpb.pacs.portal.UploadSlot;
import org.rpb.pacs.profile.DeidentifierFactory;
import org.rpb.pacs.profile.ProfileSettings;

/**
 * Where an upload goes: a slot of an event of a subject, all checked to lie in the caller's active study and site.
 *
 * @param scope   the active study and site when the target was chosen
 * @param subject the subject
 * @param event   the event occurrence
 * @param slot    the upload slot
 */
public record UploadTarget(ActiveScope scope, Subject subject, EventOccurrence event, UploadSlot slot)
        implements Serializable {

    /** Checks that nothing is missing. */
    public UploadTarget {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(slot, "slot");
    }

    /** @return the subject's sex and year of birth, to check the files against */
    public ExpectedPatient expectedPatient() {
        return new ExpectedPatient(subject.sex(), subject.birthYear());
    }

    /**
     * @return the identity the files receive: Patient ID and Name = the PID, the Clinical Trial attributes from
     *         the study, site, subject and the slot's event
     */
    public SubjectContext subjectContext() {
        return subjectContext(ProfileSettings.defaults());
    }

    /**
     * @param settings the project's profile: which subject identifier to write, and the sponsor and protocol
     * @return the identity the files receive under that profile, with the Clinical Trial attributes of the slot
     */
    public SubjectContext subjectContext(ProfileSettings settings) {
        return DeidentifierFactory.atEvent(DeidentifierFactory.subject(settings, scope.study().code(),
                scope.study().name(), scope.site().code(), subject, false), event, slot.name()).build();
    }

    /** @return e.g. "Baseline #1 / Planning CT", for pages */
    public String label() {
        return event.definitionName() + " #" + event.repeatKey() + " / " + slot.name();
    }
}
