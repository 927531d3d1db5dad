package org.rpb.pacs.web.jobs;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBAccessException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.rpb.pacs.staging.InstanceState;
import org.rpb.pacs.staging.job.StagingJobService;
import org.rpb.pacs.staging.job.StagingJobStatus;
import org.rpb.pacs.staging.job.StagingRefusedException;

/**
 * The staging and copy jobs of the active study: state, live progress (polled), per-instance errors,
 * cancel and retry.
 */
@Named
@ViewScoped
public class JobsPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    private StagingJobService service;

    private List<StagingJobStatus> jobs = List.of();
    private StagingJobStatus selected;
    private String problem;

    @PostConstruct
    void init() {
        refresh();
    }

    /** Reloads the jobs (called by the poll). */
    public void refresh() {
        try {
            jobs = service.jobs(50);
            problem = null;
            if (selected != null) {
                long id = selected.jobInstanceId();
                selected = jobs.stream().filter(j -> j.jobInstanceId() == id).findFirst().orElse(null);
            }
        } catch (StagingRefusedException e) {
            problem = e.getMessage();
            jobs = List.of();
        }
    }

    /** @param job the job whose errors to show */
    public void select(StagingJobStatus job) {
        selected = job;
    }

    /** @param job the job to stop after its current series */
    public void cancel(StagingJobStatus job) {
        try {
            service.cancel(job.executionId());
            info("Job " + job.jobInstanceId() + " stops after the series in progress");
        } catch (StagingRefusedException | EJBAccessException e) {
            error(e.getMessage());
        }
        refresh();
    }

    /** @param job the job to retry (only what is not verified is copied again) */
    public void retry(StagingJobStatus job) {
        try {
            long exec = service.retry(job.executionId());
            info("Job retried as execution " + exec);
        } catch (StagingRefusedException | EJBAccessException e) {
            error(e.getMessage());
        }
        refresh();
    }

    /** @return true while some job runs, so the page keeps polling */
    public boolean isRunning() {
        return jobs.stream().anyMatch(j -> !j.finished());
    }

    /**
     * @param job a job
     * @param state a state
     * @return percent of the job's instances that reached the state
     */
    public int percent(StagingJobStatus job, String state) {
        int total = job.total();
        return total == 0 ? 0 : job.reached(InstanceState.valueOf(state)) * 100 / total;
    }

    /**
     * @param job a job
     * @return how many of its instances failed
     */
    public int failed(StagingJobStatus job) {
        return job.counts().getOrDefault(InstanceState.FAILED, 0);
    }

    /** @return the jobs */
    public List<StagingJobStatus> getJobs() {
        return jobs;
    }

    /** @return the job whose errors are shown, or null */
    public StagingJobStatus getSelected() {
        return selected;
    }

    /** @return why no job can be shown, or null */
    public String getProblem() {
        return problem;
    }

    private static void info(String m) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, m, null));
    }

    private static void error(String m) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, m, null));
    }
}
