package org.rpb.pacs.staging.job;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.security.Roles;
import org.rpb.pacs.staging.StagingException;

/**
 * Checks, when a staging job execution starts (a first start, a retry, or a resume after a server stop), that it
 * runs as its user and may still work in its study and site, so that a job whose user has lost a role or the study
 * fails at once, with the reason as its exit status, before anything is copied. The recorder checks the study and
 * site again when the copy is recorded (the user may lose them while the job runs).
 */
@Stateless
@RolesAllowed(Roles.PACS_UPLOAD)
public class StagingJobAccess {

    @Resource
    private SessionContext session;

    @EJB
    private ActiveScopeService scopes;

    /**
     * @param p the job's parameters
     * @throws StagingException naming what the job's user may no longer do, or that the execution runs as
     *         someone else (started outside {@link StagingJobService} and {@link StagingRecovery})
     */
    public void check(StagingJobParameters p) throws StagingException {
        String caller = session.getCallerPrincipal().getName();
        if (!caller.equals(p.user())) {
            throw new StagingException("the job runs as " + caller + ", not as its user " + p.user());
        }
        if (!session.isCallerInRole(Roles.PACS_USER)) {
            throw new StagingException("the job's user " + p.user() + " no longer has the role " + Roles.PACS_USER);
        }
        if (scopes.choices().stream().noneMatch(s -> s.is(p.studyCode(), p.siteCode()))) {
            throw new StagingException("the job's study " + p.studyCode() + " at " + p.siteCode()
                    + " is no longer open to its user " + p.user());
        }
    }
}
