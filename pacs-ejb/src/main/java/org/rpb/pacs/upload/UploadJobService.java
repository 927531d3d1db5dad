package org.rpb.pacs.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.download.ResearchArchiveLocator;
import org.rpb.pacs.job.JobFolders;
import org.rpb.pacs.job.JobParameters;
import org.rpb.pacs.job.JobRefusedException;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.security.Roles;

/**
 * Starts, follows and retries upload jobs on the one job engine ({@link JobService}, batch job {@code pacs-upload}).
 * A confirmed upload's files move from the page's working folder into the job's folder
 * ({@link JobFolders#upload(long)}), so the job goes on when the user leaves the page, resumes after a server stop
 * and can be retried after a failure; the folder is deleted when the job has completed. Every job belongs to the
 * active study and site it was started in and works only there.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class UploadJobService {

    @Resource
    private SessionContext session;

    @EJB
    private JobService jobs;

    @EJB
    private ResearchArchiveLocator archives;

    @Inject
    private ConfirmedUploads confirmed;

    /**
     * Takes over an inspected working folder and starts the job.
     *
     * @param target  the checked slot
     * @param folder  the working folder (moved away; the caller must not use it afterwards)
     * @param checked its instances as the confirmation checked them (exactly its DICOM files), handed to the job's
     *                first execution so that it need not read them again
     * @param replace whether replacing the slot's study was confirmed
     * @param profileVersion the profile version the upload was confirmed with (0 for the defaults); the job
     *                       records it and follows it on every run, resume and retry
     * @return the job's ID
     * @throws NoActiveScopeException when the caller has no study
     * @throws IOException when the files cannot be moved
     */
    public long start(UploadTarget target, Path folder, List<InspectedInstance> checked, boolean replace,
            int profileVersion) throws NoActiveScopeException, IOException {
        long id;
        try {
            id = jobs.create(JobType.UPLOAD, target.subject().pid(), target.slot().id(), profileVersion, null);
        } catch (JobRefusedException e) {
            throw new NoActiveScopeException();
        }
        Path dir = JobFolders.upload(id);
        // the ID is new in this database: a folder of that name is a leftover of another database, not a job's
        FileTrees.delete(dir);
        Files.createDirectories(dir);
        FileTrees.move(folder, dir.resolve("in"));
        confirmed.put(id, checked, folder, dir.resolve("in"));
        try {
            jobs.start(new JobParameters(JobType.UPLOAD, id, target.scope().study().code(),
                    target.scope().site().code(), session.getCallerPrincipal().getName(), target.subject().pid(),
                    target.slot().id(), profileVersion, null, List.of(), null, null, archives.node(), replace));
        } catch (RuntimeException e) {
            confirmed.take(id);
            throw e;
        }
        return id;
    }

    /**
     * Retries a failed, cancelled or interrupted upload job from its last checkpoint over the same files, with the
     * profile version it recorded (same UIDs, no second copy).
     *
     * @param jobId the job
     * @throws UploadRefusedException when the job is not such an upload of the active study and site, or its files
     *                                are gone
     */
    public void retry(long jobId) throws UploadRefusedException {
        JobStatus job = jobs.job(jobId).filter(j -> j.type() == JobType.UPLOAD).orElseThrow(
                () -> new UploadRefusedException("upload job " + jobId + " is not in your active study and site"));
        if (!job.retryable()) {
            throw new UploadRefusedException("upload job " + jobId + " is " + job.state() + ", it cannot be retried");
        }
        java.util.Optional<String> gone = JobFolders.uploadFilesMissing(jobId);
        if (gone.isPresent()) {
            throw new UploadRefusedException(gone.get());
        }
        try {
            jobs.retry(jobId);
        } catch (JobRefusedException e) {
            throw new UploadRefusedException(e.getMessage());
        }
    }

    /**
     * The upload jobs into a slot that ended without completing and can be retried (their files are still on the
     * server), newest first, so that the slot's page offers them again after the user left or the server restarted.
     *
     * @param slotId a slot of the active study and site
     * @return the jobs with their progress and reason
     * @throws NoActiveScopeException when the caller has no study
     */
    public List<UploadJobView> retryable(long slotId) throws NoActiveScopeException {
        return ofSlot(slotId, j -> j.retryable() && Files.isDirectory(JobFolders.upload(j.id()).resolve("in")));
    }

    /**
     * The upload job into a slot that is running now (started, perhaps from another page or before the user left),
     * so that the slot's page follows its progress again.
     *
     * @param slotId a slot of the active study and site
     * @return the newest such job with its progress, or null when none runs
     * @throws NoActiveScopeException when the caller has no study
     */
    public UploadJobView running(long slotId) throws NoActiveScopeException {
        List<UploadJobView> running = ofSlot(slotId, j -> !j.state().ended());
        return running.isEmpty() ? null : running.get(0);
    }

    /** The upload jobs into a slot of the active study and site that pass {@code which}, newest first. */
    private List<UploadJobView> ofSlot(long slotId, java.util.function.Predicate<JobStatus> which)
            throws NoActiveScopeException {
        List<UploadJobView> out = new ArrayList<>();
        try {
            for (JobStatus j : jobs.jobs(200)) {
                if (j.type() == JobType.UPLOAD && Long.valueOf(slotId).equals(j.slotId()) && which.test(j)) {
                    out.add(view(j));
                }
            }
        } catch (JobRefusedException e) {
            throw new NoActiveScopeException();
        }
        return out;
    }

    /**
     * @param jobId a job
     * @return its status and failed instances, or null when it is not an upload of the active study and site
     */
    @RolesAllowed(Roles.PACS_USER)
    public UploadJobView view(long jobId) {
        try {
            JobStatus j = jobs.status(jobId);
            return j.type() == JobType.UPLOAD ? view(j) : null;
        } catch (JobRefusedException e) {
            return null;
        }
    }

    /**
     * Waits while an upload job of the active study and site is {@code unchanged} and running, as
     * {@link JobService#awaitChange} does (the scope checked once, then only the job's row read).
     *
     * @param jobId a job
     * @param unchanged true for a status the caller already knows
     * @param maxMillis the longest wait
     * @param lookMillis how often the job's row is read
     * @return its view when it changed, ended or the wait is over; null when it is not an upload of the active study
     *         and site
     * @throws InterruptedException if the waiting thread is interrupted
     */
    @RolesAllowed(Roles.PACS_USER)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public UploadJobView awaitChange(long jobId, java.util.function.Predicate<JobStatus> unchanged, long maxMillis,
            long lookMillis) throws InterruptedException {
        try {
            // another kind of job ends the wait at once, and is not shown
            JobStatus j = jobs.awaitChange(jobId, s -> s.type() == JobType.UPLOAD && unchanged.test(s), maxMillis,
                    lookMillis);
            return j.type() == JobType.UPLOAD ? view(j) : null;
        } catch (JobRefusedException e) {
            return null;
        }
    }

    /** The job's view; its instance rows are read only when some failed (the counters tell the progress). */
    private UploadJobView view(JobStatus j) throws JobRefusedException {
        return new UploadJobView(j, j.failed() == 0 ? List.of() : jobs.instances(j.id(), true));
    }
}
