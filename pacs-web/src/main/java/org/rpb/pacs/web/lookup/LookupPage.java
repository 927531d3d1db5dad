package org.rpb.pacs.web.lookup;

import java.io.Serializable;
import java.util.List;

import jakarta.ejb.EJBAccessException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.lookup.LookupResult;
import org.rpb.pacs.lookup.LookupService;
import org.rpb.pacs.lookup.StudyDetailService;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.staging.job.StagingRefusedException;
import org.rpb.pacs.web.message.PageMessages;

/**
 * Lookup of Study0 patients in the clinical PACS (one identifier with suggestions, or a pasted list),
 * staging of a whole clinical study into Study0, and the way into a study's detail.
 */
@Named
@ViewScoped
public class LookupPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    private LookupService lookup;

    @Inject
    private StagingJobService staging;

    @Inject
    private StudyDetailService details;

    @Inject
    private StudyChoice choice;

    /** Most suggestions shown under the single-identifier field. */
    private static final int SUGGESTIONS = 15;

    private String ids;
    private String single;
    private LookupResult result;

    /** Runs the lookup of the pasted list. */
    public void search() {
        run(ids);
    }

    /** Runs the lookup of the single identifier. */
    public void searchOne() {
        run(single);
    }

    /**
     * Suggestions for the single identifier: PIDs and Study0 subject IDs only (a typed HIS patient ID is
     * looked up, but HIS IDs are never sent to the browser as suggestions).
     *
     * @param typed what was typed so far
     * @return matching PIDs and subject IDs
     */
    public List<String> complete(String typed) {
        try {
            return details.suggestions(typed, SUGGESTIONS);
        } catch (StagingRefusedException | EJBAccessException e) {
            return List.of();
        }
    }

    /**
     * Opens a study's detail (series, RT references, series selection); the study is passed in the session,
     * not in the URL.
     *
     * @param pid the patient's PID
     * @param study the clinical study
     * @return the detail page
     */
    public String open(String pid, LookupResult.Study study) {
        choice.choose(pid, study.studyInstanceUid());
        return "/lookup/study?faces-redirect=true";
    }

    private void run(String text) {
        try {
            result = lookup.lookup(text);
        } catch (StagingRefusedException | EJBAccessException e) {
            result = null;
            PageMessages.failure(e);
        }
    }

    /**
     * Stages a whole clinical study into Study0 and opens the jobs page.
     *
     * @param pid the patient's PID
     * @param study the clinical study
     */
    public void stage(String pid, LookupResult.Study study) {
        try {
            long exec = staging.stageIntoStudy0(study.studyInstanceUid(), List.of(), pid);
            PageMessages.toJobsPage("Staging job " + exec + " started");
        } catch (StagingRefusedException | EJBAccessException e) {
            PageMessages.failure(e);
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

    /** @return the single identifier as typed */
    public String getSingle() {
        return single;
    }

    /** @param single one identifier (PID, HIS patient ID or Study0 subject ID) */
    public void setSingle(String single) {
        this.single = single;
    }

    /** @return the last result, or null */
    public LookupResult getResult() {
        return result;
    }
}
