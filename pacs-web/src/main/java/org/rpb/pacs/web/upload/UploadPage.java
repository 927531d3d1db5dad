package org.rpb.pacs.web.upload;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.omnifaces.util.Messages;
import org.rpb.pacs.admin.PreviewException;
import org.rpb.pacs.node.ArchiveUnavailableException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.thumbnail.ThumbnailUnavailableException;
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
import org.rpb.pacs.web.message.FailureMessages;
import org.rpb.pacs.web.message.PageMessages;
import org.rpb.pacs.web.thumbnail.SeriesThumbnail;
import org.rpb.pacs.web.thumbnail.ThumbnailImages;

/**
 * The upload page of one slot: opens the user's upload session, whose files the page's script sends to
 * {@link UploadFilesServlet} under the view's {@link #getUploadToken() token}, then shows what arrived, the checks
 * against the subject and the de-identification preview. The session (and its working folder) ends with the view.
 */
@Named
@ViewScoped
public class UploadPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    private UploadSessionBean session;

    @Inject
    private UploadChannels channels;

    /** The upload endpoint's token of this view's upload session. */
    private String uploadToken;

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

    @Inject
    private ThumbnailImages images;

    /** The thumbnails of the series inspected last, by Series Instance UID. */
    private final Map<String, SeriesThumbnail> shown = new HashMap<>();

    /** Starts the session for the slot of the view parameter. */
    public void load() {
        if (target != null || slotId == null) {
            return;
        }
        try {
            target = session.begin(slotId);
            uploadToken = channels.open(session);
            retryable = jobs.retryable(slotId);
            // a job into this slot still running (the user left its page and came back): follow it again
            job = jobs.running(slotId);
            jobId = job == null ? null : job.status().id();
        } catch (SlotNotFoundException | NoActiveScopeException | UploadFailedException e) {
            PageMessages.failure(e);
        }
    }

    /** Inspects everything received so far and computes the checks and the preview. */
    public void inspect() {
        try {
            contents = session.contents();
            findings = session.findings();
            previews = contents.instances().isEmpty() ? List.of() : session.preview();
            inspected = true;
            shown.clear();
        } catch (UploadFailedException | PreviewException e) {
            PageMessages.failure(e);
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
            shown.clear();
            refreshJob();
        } catch (UploadRefusedException | UploadFailedException | SlotNotFoundException | NoActiveScopeException e) {
            PageMessages.failure(e);
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
            PageMessages.failure(e);
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
            PageMessages.failure(e);
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
        } catch (SlotNotFoundException | NoActiveScopeException | ArchiveUnavailableException e) {
            PageMessages.failure(e);
        }
    }

    /** Links one of the listed studies to the slot. */
    public void assign(String studyInstanceUid) {
        try {
            assign.assign(slotId, studyInstanceUid, replace);
            target = session.begin(slotId);
            Messages.addGlobalInfo("The study is linked to the slot.");
        } catch (UploadRefusedException | SlotNotFoundException | NoActiveScopeException | UploadFailedException
                | ArchiveUnavailableException e) {
            PageMessages.failure(e);
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
            shown.clear();
        } catch (SlotNotFoundException | NoActiveScopeException | UploadFailedException e) {
            PageMessages.failure(e);
        }
    }

    /**
     * @param series a series of the upload
     * @return its thumbnail (labels for RT objects), or why it cannot be shown; made once per inspection
     */
    public SeriesThumbnail thumbnail(UploadedSeries series) {
        return shown.computeIfAbsent(series.seriesInstanceUid(), uid -> {
            try {
                return images.show(session.thumbnail(uid));
            } catch (ThumbnailUnavailableException e) {
                return SeriesThumbnail.missing(FailureMessages.of(null, e).summary());
            }
        });
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
            channels.close(uploadToken);
            session.discard();
        } catch (RuntimeException e) {
            // the HTTP or upload session already ended (timeout); the token and the folder went with it
        }
    }

    public Long getSlotId() {
        return slotId;
    }

    public void setSlotId(Long slotId) {
        this.slotId = slotId;
    }

    /** @return the token the page's script sends with each file (a secret of this view, never in a URL) */
    public String getUploadToken() {
        return uploadToken;
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
