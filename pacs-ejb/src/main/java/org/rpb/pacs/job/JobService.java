package org.rpb.pacs.job;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.job.internal.JobEntity;
import org.rpb.pacs.job.internal.JobInstanceEntity;
import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.security.Roles;

/**
 * Jobs of the caller's active study and site: starting one, recording per-instance progress, ending it,
 * and reading status and progress. A job of another study or site is never found.
 * Every method refuses with {@link org.rpb.pacs.portal.DicomNotEnabledException} when the active study does
 * not collect DICOM data ({@link ActiveScopeService#dicomScope()}).
 */
@Stateless
public class JobService {

    @Resource
    private SessionContext session;

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    @EJB
    private ActiveScopeService scopes;

    /** Records a new job in the active study and site, queued. */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public JobStatus create(JobType type, Integer profileVersion) throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        JobEntity e = new JobEntity(type, s.study().code(), s.site().code(), session.getCallerPrincipal().getName(),
                LocalDateTime.now(), profileVersion);
        em.persist(e);
        em.flush();
        return e.toStatus();
    }

    /**
     * Records where one instance of a job is (the row is created on first report, updated after).
     *
     * @param error why it failed, without patient data, or {@code null}
     * @throws NotInScopeException if the job is not in the active study and site
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public JobStatus progress(long jobId, String sourceSopUid, String targetSopUid, InstanceState state, String error)
            throws NoActiveScopeException, NotInScopeException {
        JobEntity job = inScope(jobId).orElseThrow(() -> new NotInScopeException("Job"));
        JobInstanceEntity row = em.createQuery(
                "select i from JobInstanceEntity i where i.jobId = :job and i.sourceSopUid = :src", JobInstanceEntity.class)
                .setParameter("job", jobId).setParameter("src", sourceSopUid)
                .getResultStream().findFirst().orElse(null);
        if (row == null) {
            row = new JobInstanceEntity(jobId, sourceSopUid);
            em.persist(row);
        }
        row.update(targetSopUid, state, error);
        job.count(state);
        return job.toStatus();
    }

    /**
     * Ends a job.
     *
     * @throws NotInScopeException if the job is not in the active study and site
     * @throws IllegalArgumentException if {@code end} is not an end state
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public JobStatus finish(long jobId, JobState end) throws NoActiveScopeException, NotInScopeException {
        if (!end.ended()) {
            throw new IllegalArgumentException(end + " is not an end state");
        }
        JobEntity job = inScope(jobId).orElseThrow(() -> new NotInScopeException("Job"));
        job.finish(end, LocalDateTime.now());
        return job.toStatus();
    }

    /**
     * Opens an ended job for another run over the same input: running again, counters at zero and its
     * per-instance rows dropped, so that the new run's reports count once.
     *
     * @throws NotInScopeException if the job is not in the active study and site
     */
    @RolesAllowed(Roles.PACS_UPLOAD)
    public JobStatus reopen(long jobId) throws NoActiveScopeException, NotInScopeException {
        JobEntity job = inScope(jobId).orElseThrow(() -> new NotInScopeException("Job"));
        em.createQuery("delete from JobInstanceEntity i where i.jobId = :job").setParameter("job", jobId)
                .executeUpdate();
        job.reopen();
        return job.toStatus();
    }

    /** The job's status, if it is in the active study and site. */
    @RolesAllowed(Roles.PACS_USER)
    public Optional<JobStatus> job(long jobId) throws NoActiveScopeException {
        return inScope(jobId).map(JobEntity::toStatus);
    }

    /** The jobs of the active study and site, newest first. */
    @RolesAllowed(Roles.PACS_USER)
    public List<JobStatus> jobs() throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        return em.createQuery("""
                select j from JobEntity j where j.studyCode = :study and j.siteCode = :site order by j.id desc""",
                JobEntity.class).setParameter("study", s.study().code()).setParameter("site", s.site().code())
                .getResultList().stream().map(JobEntity::toStatus).toList();
    }

    /** The job's instances, if it is in the active study and site (else empty). */
    @RolesAllowed(Roles.PACS_USER)
    public List<InstanceProgress> instances(long jobId) throws NoActiveScopeException {
        if (inScope(jobId).isEmpty()) {
            return List.of();
        }
        return em.createQuery("select i from JobInstanceEntity i where i.jobId = :job order by i.id",
                JobInstanceEntity.class).setParameter("job", jobId).getResultList().stream()
                .map(JobInstanceEntity::toProgress).toList();
    }

    private Optional<JobEntity> inScope(long jobId) throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        JobEntity e = em.find(JobEntity.class, jobId);
        return e != null && e.in(s.study().code(), s.site().code()) ? Optional.of(e) : Optional.empty();
    }
}
