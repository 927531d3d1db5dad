package org.rpb.pacs.vocabulary;

import jakarta.ejb.ApplicationException;

/** The caller asked about a study that is not open to them in the portal. */
@ApplicationException(rollback = true)
public class StudyNotAccessibleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param studyCode the study asked for */
    public StudyNotAccessibleException(String studyCode) {
        super("You have no access to study " + studyCode + ".");
    }
}
