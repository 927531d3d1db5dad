package org.rpb.pacs.upload;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.job.InstanceState;
import org.rpb.pacs.job.JobState;
import org.rpb.pacs.job.JobType;
import org.rpb.pacs.job.internal.JobEntity;
import org.rpb.pacs.job.internal.JobInstanceEntity;
import org.rpb.pacs.security.Roles;

/**
 * Keeps upload jobs from staying {@code RUNNING} for ever when the server that ran them went down. An upload job
 * runs in an asynchronous call of the server that confirmed it; a restart loses that call but not the job's
 * folder. At start-up (before any page is served) every upload job that is still queued or running is therefore
 * marked {@code FAILED} as interrupted, with that reason on its page, and a retry runs it again over its files with
 * the profile version it recorded. The server knows which jobs it runs itself, so {@link #recover()} may also be
 * called while it runs (by an administrator) without touching a live job.
 *
 * <p>Jobs are not resumed automatically: a job runs as the user who confirmed it, inside that user's active study
 * and site, and the server has no such caller at start-up. One server per database is assumed, as for the rest of
 * the module.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigration")
public class UploadJobRecovery {

    /** The error text of an interrupted job, as its page shows it. */
    public static final String INTERRUPTED = "the server stopped while this upload ran; its files are kept: retry it";

    private static final Logger LOG = Logger.getLogger(UploadJobRecovery.class.getName());

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    /** Runs of this server per job (a retry may start while the failed run is still ending). */
    private final Map<Long, Integer> live = new HashMap<>();

    @PostConstruct
    void atStartUp() {
        int n = markInterrupted();
        if (n > 0) {
            LOG.info(() -> n + " upload job(s) interrupted by the last shutdown marked as failed and retryable");
        }
    }

    /**
     * Marks the upload jobs that are queued or running but not run by this server as interrupted (failed, with
     * {@link #INTERRUPTED} as the reason), in every study and site.
     *
     * @return how many were marked
     */
    @RolesAllowed(Roles.PACS_ADMIN)
    @Lock(LockType.WRITE)
    public int recover() {
        return markInterrupted();
    }

    /**
     * Tells that this server runs the job now (called before the asynchronous run is started).
     *
     * @param jobId the job
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    @Lock(LockType.WRITE)
    public void running(long jobId) {
        live.merge(jobId, 1, Integer::sum);
    }

    /**
     * Tells that this server's run of the job has ended.
     *
     * @param jobId the job
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    @Lock(LockType.WRITE)
    public void ended(long jobId) {
        live.computeIfPresent(jobId, (k, n) -> n > 1 ? n - 1 : null);
    }

    private int markInterrupted() {
        List<JobEntity> stale = em.createQuery("select j from JobEntity j where j.type = :t and j.state in :s",
                JobEntity.class).setParameter("t", JobType.UPLOAD)
                .setParameter("s", List.of(JobState.QUEUED, JobState.RUNNING)).getResultList();
        int n = 0;
        for (JobEntity job : stale) {
            if (live.containsKey(job.getId())) {
                continue;
            }
            JobInstanceEntity row = new JobInstanceEntity(job.getId(), "job");
            row.update(null, InstanceState.FAILED, INTERRUPTED);
            em.persist(row);
            job.count(InstanceState.FAILED);
            job.finish(JobState.FAILED, LocalDateTime.now());
            n++;
        }
        return n;
    }
}
