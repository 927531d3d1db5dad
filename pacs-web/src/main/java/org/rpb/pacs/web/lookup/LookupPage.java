package org.rpb.pacs.web.lookup;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

import jakarta.ejb.EJBAccessException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.lookup.LookupResult;
import org.rpb.pacs.lookup.LookupService;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.staging.job.StagingRefusedException;

/**
 * Lookup of Study0 patients in the clinical PACS (one identifier or a pasted list) and staging of a
 * whole clinical study into Study0.
 */
@Named
@ViewScoped
public class LookupPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    private LookupService lookup;

    @Inject
    private StagingJobService staging;

    private String ids;
    private LookupResult result;

    /** Runs the lookup. */
    public void search() {
        try {
            result = lookup.lookup(ids);
        } catch (StagingRefusedException | EJBAccessException e) {
            result = null;
            message(FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    /**
     * Stages a whole clinical study into Study0 and opens the jobs page.
     *
     * @param pid the patient's PID
     * @param study the clinical study
     */
    public void stage(String pid, LookupResult.Study study) throws IOException {
        try {
            long exec = staging.stageIntoStudy0(study.studyInstanceUid(), List.of(), pid);
            FacesContext fc = FacesContext.getCurrentInstance();
            fc.getExternalContext().getFlash().setKeepMessages(true);
            message(FacesMessage.SEVERITY_INFO, "Staging job started (execution " + exec + ")");
            fc.getExternalContext().redirect(fc.getExternalContext().getRequestContextPath() + "/jobs/index.xhtml");
        } catch (StagingRefusedException | EJBAccessException e) {
            message(FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    /**
     * @param items texts
     * @return them separated by commas
     */
    public String join(List<String> items) {
        return String.join(", ", items);
    }

    /** @return the identifiers as typed */
    public String getIds() {
        return ids;
    }

    /** @param ids the identifiers as typed or pasted */
    public void setIds(String ids) {
        this.ids = ids;
    }

    /** @return the last result, or null */
    public LookupResult getResult() {
        return result;
    }

    private static void message(FacesMessage.Severity s, String m) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(s, m, null));
    }
}
