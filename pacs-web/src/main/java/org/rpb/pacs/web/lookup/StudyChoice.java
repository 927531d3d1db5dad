package org.rpb.pacs.web.lookup;

import java.io.Serializable;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;

/**
 * The clinical study the user opened from the lookup results, kept in the session so that the study
 * detail page needs no clinical UID in its URL (URLs end up in access logs and browser histories).
 */
@Named
@SessionScoped
public class StudyChoice implements Serializable {
    private static final long serialVersionUID = 1L;

    private String pid;
    private String studyInstanceUid;

    /**
     * @param pid the Study0 patient's PID
     * @param studyInstanceUid the clinical study
     */
    public void choose(String pid, String studyInstanceUid) {
        this.pid = pid;
        this.studyInstanceUid = studyInstanceUid;
    }

    /** @return whether a study was chosen */
    public boolean chosen() {
        return pid != null && studyInstanceUid != null;
    }

    /** @return the chosen patient's PID, or null */
    public String pid() {
        return pid;
    }

    /** @return the chosen clinical study, or null */
    public String studyInstanceUid() {
        return studyInstanceUid;
    }
}
