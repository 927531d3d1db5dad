package org.rpb.pacs.api;

import java.util.List;

import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.StudyRecord;

/** The DICOM studies (with series) linked to a subject or an event of the caller's active study and site. */
public interface PacsStudies {

    /**
     * The studies recorded for the subject with the PID, oldest first; empty for a PID that is not a
     * subject of the active study and site. Needs {@code ROLE_PACS_USER}.
     */
    List<StudyRecord> studiesOfSubject(String pid) throws NoActiveScopeException;

    /**
     * The studies that fill upload slots of the event occurrence; empty for an event of another study or
     * site. Needs {@code ROLE_PACS_USER}.
     */
    List<StudyRecord> studiesOfEvent(long eventId) throws NoActiveScopeException;
}
