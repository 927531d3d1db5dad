package org.rpb.pacs.web.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Base64;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;

import org.primefaces.event.FileUploadEvent;
import org.primefaces.model.file.UploadedFile;
import org.rpb.pacs.admin.PreviewException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.thumbnail.Thumbnail;
import org.rpb.pacs.upload.AssignExistingService;
import org.rpb.pacs.upload.Finding;
import org.rpb.pacs.upload.SeriesPreview;
import org.rpb.pacs.upload.SlotNotFoundException;
import org.rpb.pacs.upload.UploadContents;
import org.rpb.pacs.upload.UploadFailedException;
import org.rpb.pacs.upload.UploadJobService;
import org.rpb.pacs.upload.UploadJobView;
import org.rpb.pacs.upload.UploadRefusedException;
import org.rpb.pacs.upload.UploadSessionBean;
import org.rpb.pacs.upload.UploadTarget;
import org.rpb.pacs.upload.UploadedSeries;

/**
 * The upload page of one slot: receives the browser's files into the user's upload session, then shows what
 * arrived, the checks against the subject and the de-identification preview. The session (and its working
 * folder) ends with the view.
 */
@Named
@ViewScoped
public class UploadPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    private UploadSessionBean session;

    private Long slotId;
    private UploadTarget target;
    private transient UploadContents contents;
    private List<Finding> findings = List.of();
    private List<SeriesPreview> previews = List.of();
    private boolean inspected;
    private boolean replace;
    private boolean leaveOutDamaged;
    private Long jobId;
    private UploadJobView job;

    @EJB
    private UploadJobService jobs;

    @EJB
    private AssignExistingService assign;

    private List<AssignExistingService.Candidate> candidates;

    private List<UploadJobView> retryable = List.of();

    /** Starts the session for the slot of the view parameter. */
    public void load() {
        if (target != null || slotId == null) {
            return;
        }
        try {
            target = session.begin(slotId);
            retryable = jobs.retryable(slotId);
        } catch (SlotNotFoundException | NoActiveScopeException e) {
            warn(e.getMessage());
        } catch (IOException e) {
            error("The upload folder could not be created: " + e.getMessage());
        }
    }

    /** Receives one file of the browser's upload (called once per file). */
    public void handleUpload(FileUploadEvent event) {
        UploadedFile file = event.getFile();
        String rel = file.getWebkitRelativePath();
        String name = rel == null || rel.isBlank() ? file.getFileName() : rel;
        try (InputStream in = file.getInputStream()) {
            session.receive(name, in);
            inspected = false;
        } catch (IOException e) {
            error(e.getMessage());
        }
    }

    /** Inspects everything received so far and computes the checks and the preview. */
    public void inspect() {
        try {
            contents = session.contents();
            findings = session.findings();
            previews = contents.instances().isEmpty() ? List.of() : session.preview();
            inspected = true;
        } catch (IOException | PreviewException e) {
            error(e.getMessage());
        }
    }

    /** Hands the inspected upload over to a job (it goes on if the user leaves the page). */
    public void confirm() {
        try {
            jobId = session.confirm(replace, leaveOutDamaged);
            contents = null;
            findings = List.of();
            previews = List.of();
            inspected = false;
            refreshJob();
        } catch (UploadRefusedException e) {
            warn(e.getMessage());
        } catch (UploadFailedException | SlotNotFoundException | NoActiveScopeException | IOException e) {
            error(e.getMessage());
        }
    }

    /** Reloads the job's progress (polled by the page while it runs). */
    public void refreshJob() {
        if (jobId == null) {
            return;
        }
        job = jobs.view(jobId);
    }

    /** Retries the failed, cancelled or interrupted job over the same files, from its last checkpoint. */
    public void retry() {
        try {
            jobs.retry(jobId);
            refreshJob();
        } catch (UploadRefusedException e) {
            warn(e.getMessage());
        }
    }

    /**
     * Retries a failed or interrupted upload job into this slot, listed by {@link #getRetryable()}, and follows it.
     *
     * @param id the job
     */
    public void retryJob(long id) {
        jobId = id;
        retry();
        try {
            retryable = jobs.retryable(slotId);
        } catch (NoActiveScopeException e) {
            error(e.getMessage());
        }
    }

    /** @return the failed or interrupted upload jobs into this slot that can be retried */
    public List<UploadJobView> getRetryable() {
        return retryable;
    }

    /** @return whether the job is still running */
    public boolean isJobRunning() {
        return job != null && !job.status().state().ended();
    }

    /** Lists the subject's studies already in the research PACS ("assign existing"). */
    public void loadCandidates() {
        try {
            candidates = assign.candidates(slotId);
        } catch (SlotNotFoundException | NoActiveScopeException e) {
            warn(e.getMessage());
        } catch (org.rpb.pacs.core.net.DicomNetworkException e) {
            error("The research PACS could not be asked: " + e.getMessage());
        }
    }

    /** Links one of the listed studies to the slot. */
    public void assign(String studyInstanceUid) {
        try {
            assign.assign(slotId, studyInstanceUid, replace);
            target = session.begin(slotId);
            FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO,
                    "The study is linked to the slot.", null));
        } catch (UploadRefusedException | SlotNotFoundException e) {
            warn(e.getMessage());
        } catch (NoActiveScopeException | IOException | org.rpb.pacs.core.net.DicomNetworkException e) {
            error(e.getMessage());
        }
    }

    public List<AssignExistingService.Candidate> getCandidates() {
        return candidates;
    }

    /** Drops everything received and starts again for the same slot. */
    public void restart() {
        try {
            target = session.begin(slotId);
            contents = null;
            findings = List.of();
            previews = List.of();
            inspected = false;
        } catch (SlotNotFoundException | NoActiveScopeException | IOException e) {
            error(e.getMessage());
        }
    }

    /**
     * @param series a series of the upload
     * @return the thumbnail as a data URI, or null for RT objects
     */
    public String thumbnailUri(UploadedSeries series) {
        Thumbnail t = thumbnail(series);
        return t == null || t.png() == null ? null : "data:image/png;base64," + Base64.getEncoder().encodeToString(t.png());
    }

    /**
     * @param series a series of the upload
     * @return its thumbnail (labels for RT objects), or null when it cannot be read
     */
    public Thumbnail thumbnail(UploadedSeries series) {
        try {
            return session.thumbnail(series.seriesInstanceUid());
        } catch (IOException e) {
            return null;
        }
    }

    /** @return whether a blocking finding stops the upload */
    public boolean isBlocked() {
        return findings.stream().anyMatch(Finding::blocking);
    }

    /** @return the preview of a series, or null */
    public SeriesPreview preview(UploadedSeries series) {
        return previews.stream().filter(p -> p.seriesInstanceUid().equals(series.seriesInstanceUid()))
                .findFirst().orElse(null);
    }

    @PreDestroy
    void end() {
        try {
            session.discard();
        } catch (RuntimeException e) {
            // the session already ended (timeout); its folder went with it
        }
    }

    private static void warn(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN, text, null));
    }

    private static void error(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }

    public Long getSlotId() {
        return slotId;
    }

    public void setSlotId(Long slotId) {
        this.slotId = slotId;
    }

    public UploadTarget getTarget() {
        return target;
    }

    public UploadContents getContents() {
        return contents;
    }

    public List<Finding> getFindings() {
        return findings;
    }

    public List<SeriesPreview> getPreviews() {
        return previews;
    }

    public boolean isInspected() {
        return inspected;
    }

    public boolean isReplace() {
        return replace;
    }

    public void setReplace(boolean replace) {
        this.replace = replace;
    }

    public boolean isLeaveOutDamaged() {
        return leaveOutDamaged;
    }

    public void setLeaveOutDamaged(boolean leaveOutDamaged) {
        this.leaveOutDamaged = leaveOutDamaged;
    }

    public Long getJobId() {
        return jobId;
    }

    public UploadJobView getJob() {
        return job;
    }
}
