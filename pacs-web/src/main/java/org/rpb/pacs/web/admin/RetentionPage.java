package org.rpb.pacs.web.admin;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.retention.OrphanStudy;
import org.rpb.pacs.retention.RetentionAdminService;
import org.rpb.pacs.retention.RetentionPolicy;
import org.rpb.pacs.retention.RetentionReport;

/**
 * The retention for administrators: the retentions in force, a button that runs a sweep now, and the orphans of the
 * active study and site (studies the module stored in the research PACS and never recorded), which the module
 * does not delete from the archive.
 */
@Named
@ViewScoped
public class RetentionPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private RetentionAdminService retention;

    private String problem;
    private String uploadRetention;
    private String orphanRetention;
    private List<OrphanStudy> orphans = List.of();

    @PostConstruct
    void init() {
        try {
            RetentionPolicy p = retention.policy();
            uploadRetention = RetentionPolicy.describe(p.uploadRetention());
            orphanRetention = RetentionPolicy.describe(p.orphanRetention());
            orphans = retention.orphans();
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
        }
    }

    /** Runs a sweep now and shows what it did. */
    public void sweep() {
        try {
            RetentionReport r = retention.sweepNow();
            FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO,
                    "Retention run", r.uploadsDeleted() + " uploads' raw files deleted (" + r.filesDeleted()
                            + " files), " + r.workspacesDeleted() + " unconfirmed working folders deleted, "
                            + r.jobsChecked() + " jobs searched for orphans, " + r.orphansRecorded()
                            + " new orphans" + (r.jobsNotChecked() > 0 ? "; " + r.jobsNotChecked()
                            + " jobs left for later (the research PACS did not answer)" : "")));
            orphans = retention.orphans();
        } catch (NoActiveScopeException e) {
            problem = e.getMessage();
        }
    }

    public String getProblem() {
        return problem;
    }

    public String getUploadRetention() {
        return uploadRetention;
    }

    public String getOrphanRetention() {
        return orphanRetention;
    }

    public List<OrphanStudy> getOrphans() {
        return orphans;
    }
}
