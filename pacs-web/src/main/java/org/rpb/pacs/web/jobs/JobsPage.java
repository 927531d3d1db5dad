package org.rpb.pacs.web.jobs;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBAccessException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.omnifaces.util.Messages;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobRefusedException;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.portal.DicomNotEnabledException;
import org.rpb.pacs.web.message.PageMessages;

/**
 * The jobs of the active study and site, uploads, staging and copies alike: state, live progress (polled),
 * per-instance errors, cancel and retry.
 */
@Named
@ViewScoped
public class JobsPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    private JobService service;

    private List<JobStatus> jobs = List.of();
    private Long selected;
    private List<InstanceProgress> failures = List.of();
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
                failures = service.instances(selected, true);
            }
        } catch (JobRefusedException | DicomNotEnabledException e) {
            problem = e.getMessage();
            jobs = List.of();
            failures = List.of();
        }
    }

    /** @param job the job whose errors to show */
    public void select(JobStatus job) {
        selected = job.id();
        refresh();
    }

    /** @param job the job to stop after its current series */
    public void cancel(JobStatus job) {
        act(() -> service.cancel(job.id()), "Job " + job.id() + " stops after the series in progress");
    }

    /** @param job the job to retry (only what is not verified is done again) */
    public void retry(JobStatus job) {
        act(() -> service.retry(job.id()), "Job " + job.id() + " retried");
    }

    private interface JobAction {
        void run() throws JobRefusedException;
    }

    private void act(JobAction action, String done) {
        try {
            action.run();
            Messages.addGlobalInfo(done);
        } catch (JobRefusedException | EJBAccessException e) {
            PageMessages.failure(e);
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
    public int percent(JobStatus job, String state) {
        return job.percent(InstanceState.valueOf(state));
    }

    /** @return the jobs */
    public List<JobStatus> getJobs() {
        return jobs;
    }

    /** @return the job whose errors are shown, or null */
    public Long getSelected() {
        return selected;
    }

    /** @return its failed instances */
    public List<InstanceProgress> getFailures() {
        return failures;
    }

    /** @return why no job can be shown, or null */
    public String getProblem() {
        return problem;
    }
}
