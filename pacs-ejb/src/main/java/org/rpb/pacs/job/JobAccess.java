package org.rpb.pacs.job;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.security.Roles;

/**
 * Checks, when a job execution starts (a first start, a retry, or a resume after a server stop), that it runs as
 * its user, that the user still has the roles, that the job's study still collects DICOM data (its DICOM tag) and
 * that the study and site are still open to the user, so that such a job fails at once, with the reason as its
 * outcome, before any PACS is touched. Gives the job's scope: every service call of the job uses it, never the
 * user's current active study and site.
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class JobAccess {

    @Resource
    private SessionContext session;

    @EJB
    private ActiveScopeService scopes;

    /**
     * @param p the job's parameters
     * @return the job's study and site
     * @throws JobRefusedException naming what the job's user may no longer do, or that the execution runs as
     *         someone else (started outside the job services and {@link JobRecovery})
     */
    public ActiveScope check(JobParameters p) throws JobRefusedException {
        String caller = session.getCallerPrincipal().getName();
        if (!caller.equals(p.user())) {
            throw new JobRefusedException("the job runs as " + caller + ", not as its user " + p.user());
        }
        if (!session.isCallerInRole(Roles.PACS_USER)) {
            throw new JobRefusedException("the job's user " + p.user() + " no longer has the role " + Roles.PACS_USER);
        }
        ActiveScope scope = scopes.choices().stream().filter(s -> s.is(p.studyCode(), p.siteCode())).findFirst()
                .orElseThrow(() -> new JobRefusedException("the job's study " + p.studyCode() + " at " + p.siteCode()
                        + " is no longer open to its user " + p.user()));
        if (!scope.study().dicomEnabled()) {
            throw new JobRefusedException("the job's study " + p.studyCode() + " no longer collects DICOM data "
                    + "(its DICOM tag is off)");
        }
        return scope;
    }

    /**
     * The check as a batch execution's first step: a refusal (also the loss of {@value Roles#PACS_UPLOAD}, which
     * the container reports) becomes the job's exit status and fails the execution.
     *
     * @param access the bean
     * @param p the job's parameters
     * @param job the execution's context
     * @return the job's study and site
     * @throws JobRefusedException if the job may not run
     */
    public static ActiveScope enter(JobAccess access, JobParameters p, JobContext job) throws JobRefusedException {
        try {
            try {
                return access.check(p);
            } catch (EJBAccessException e) {
                throw new JobRefusedException("the job's user " + p.user() + " no longer has the role "
                        + Roles.PACS_UPLOAD);
            }
        } catch (JobRefusedException e) {
            job.setExitStatus(JobFailure.exitStatus(e.getMessage()));
            throw e;
        }
    }
}
