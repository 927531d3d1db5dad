package org.rpb.pacs.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;

import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.JobService;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobStatus;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.security.Roles;

/**
 * Starts, follows and retries upload jobs. A confirmed upload's files move from the page's working folder into
 * the job's folder under {@code jboss.server.data.dir}, so the job goes on when the user leaves the page and can
 * be retried after a failure (e.g. the research PACS was down); the folder is deleted when the job has
 * completed. Every job belongs to the active study and site it was started in.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class UploadJobService {

    static final String SLOT = "slot";
    static final String REPLACE = "replace";

    @EJB
    private JobService jobs;

    @EJB
    private UploadJobRunner runner;

    @EJB
    private UploadJobRecovery recovery;

    /**
     * Takes over an inspected working folder and starts the job.
     *
     * @param target  the checked slot
     * @param folder  the working folder (moved away; the caller must not use it afterwards)
     * @param replace whether replacing the slot's study was confirmed
     * @param profileVersion the profile version the upload was confirmed with (0 for the defaults); the job
     *                       records it and follows it on every run and retry
     * @return the job's ID
     * @throws NoActiveScopeException when the caller has no study
     * @throws IOException when the files cannot be moved
     */
    public long start(UploadTarget target, Path folder, boolean replace, int profileVersion)
            throws NoActiveScopeException, IOException {
        JobStatus job = jobs.create(JobType.UPLOAD, profileVersion);
        Path dir = jobFolder(job.id());
        Files.createDirectories(dir);
        Files.move(folder, dir.resolve("in"));
        Properties p = new Properties();
        p.setProperty(SLOT, Long.toString(target.slot().id()));
        p.setProperty(REPLACE, Boolean.toString(replace));
        try (OutputStream out = Files.newOutputStream(dir.resolve("job.properties"))) {
            p.store(out, "upload job " + job.id());
        }
        recovery.running(job.id());
        runner.run(job.id(), dir.toString());
        return job.id();
    }

    /**
     * Runs a failed (or, after a restart, interrupted) upload job again over the same files, with the profile
     * version it recorded (same UIDs, no second copy). Its progress starts afresh.
     *
     * @param jobId the job
     * @throws UploadRefusedException when the job is not a failed upload of the active study and site, or its
     *                                files are gone
     * @throws NoActiveScopeException when the caller has no study
     */
    public void retry(long jobId) throws UploadRefusedException, NoActiveScopeException {
        JobStatus job = jobs.job(jobId).filter(j -> j.type() == JobType.UPLOAD)
                .orElseThrow(() -> new UploadRefusedException("upload job " + jobId + " is not in your active study and site"));
        if (job.state() != JobState.FAILED) {
            throw new UploadRefusedException("upload job " + jobId + " is " + job.state() + ", only a failed job is retried");
        }
        Path dir = jobFolder(jobId);
        if (!Files.isRegularFile(dir.resolve("job.properties"))) {
            throw new UploadRefusedException("the files of upload job " + jobId + " are no longer on the server");
        }
        try {
            jobs.reopen(jobId);
        } catch (NotInScopeException e) {
            throw new UploadRefusedException("upload job " + jobId + " is not in your active study and site");
        }
        recovery.running(jobId);
        runner.run(jobId, dir.toString());
    }

    /**
     * The upload jobs into a slot that failed or were interrupted and can be retried (their files are still on
     * the server), newest first, so that the slot's page offers them again after the user left or the server
     * restarted.
     *
     * @param slotId a slot of the active study and site
     * @return the jobs with their progress and reason
     * @throws NoActiveScopeException when the caller has no study
     */
    public List<UploadJobView> retryable(long slotId) throws NoActiveScopeException {
        List<UploadJobView> out = new java.util.ArrayList<>();
        for (JobStatus j : jobs.jobs()) {
            if (j.type() != JobType.UPLOAD || j.state() != JobState.FAILED || !slotOf(j.id(), slotId)) {
                continue;
            }
            out.add(new UploadJobView(j, jobs.instances(j.id())));
        }
        return out;
    }

    private static boolean slotOf(long jobId, long slotId) {
        Path dir = jobFolder(jobId);
        if (!Files.isRegularFile(dir.resolve("job.properties"))) {
            return false;
        }
        try {
            return Long.toString(slotId).equals(read(dir).getProperty(SLOT));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param jobId a job
     * @return its status and per-instance progress, or null when it is not in the active study and site
     * @throws NoActiveScopeException when the caller has no study
     */
    @RolesAllowed(Roles.PACS_USER)
    public UploadJobView view(long jobId) throws NoActiveScopeException {
        return jobs.job(jobId).filter(j -> j.type() == JobType.UPLOAD)
                .map(j -> {
                    try {
                        List<InstanceProgress> rows = jobs.instances(jobId);
                        return new UploadJobView(j, rows);
                    } catch (NoActiveScopeException e) {
                        return null;
                    }
                }).orElse(null);
    }

    static Path jobFolder(long jobId) {
        String dir = System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir"));
        return Path.of(dir, "pacs", "upload-jobs", Long.toString(jobId));
    }

    static Properties read(Path dir) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("job.properties"))) {
            p.load(in);
        }
        return p;
    }
}
