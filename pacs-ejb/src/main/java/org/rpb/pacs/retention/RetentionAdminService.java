package org.rpb.pacs.retention;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.portal.ActiveScope;
import org.rpb.pacs.portal.ActiveScopeService;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.security.Roles;

/**
 * The retention for administrators: run a sweep now (rather than wait for the schedule), and the orphans of the
 * active study and site, the studies the module stored in the research PACS and never recorded.
 */
@Stateless
@RolesAllowed(Roles.PACS_ADMIN)
public class RetentionAdminService {

    @EJB
    private ActiveScopeService scopes;

    @EJB
    private RetentionSweeper sweeper;

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    /**
     * Runs a retention sweep now, over every study's jobs (what it decides does not depend on who asks; it
     * returns counts only), audited as the caller.
     *
     * @return what it did
     * @throws NoActiveScopeException if the caller has no study (or it collects no DICOM data)
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public RetentionReport sweepNow() throws NoActiveScopeException {
        scopes.dicomScope();
        return sweeper.sweep();
    }

    /**
     * @return the retentions in force (the system properties, read now)
     * @throws NoActiveScopeException if the caller has no study (or it collects no DICOM data)
     */
    public RetentionPolicy policy() throws NoActiveScopeException {
        scopes.dicomScope();
        return RetentionPolicy.fromSystemProperties();
    }

    /**
     * @return the orphans of the active study and site that no record claims (still), newest first
     * @throws NoActiveScopeException if the caller has no study (or it collects no DICOM data)
     */
    public List<OrphanStudy> orphans() throws NoActiveScopeException {
        ActiveScope s = scopes.dicomScope();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select o.id, o.study_instance_uid, o.study_code, o.site_code, o.pid, o.job_id, o.job_type, o.instances,
                o.found_at from pacs.orphan_study o where o.study_code = ?1 and o.site_code = ?2
                and not exists (select 1 from pacs.dicom_study_record r
                where r.study_instance_uid = o.study_instance_uid)
                order by o.found_at desc, o.id desc""").setParameter(1, s.study().code())
                .setParameter(2, s.site().code()).getResultList();
        return rows.stream().map(r -> new OrphanStudy(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                (String) r[3], (String) r[4], ((Number) r[5]).longValue(), (String) r[6], ((Number) r[7]).intValue(),
                time(r[8]))).toList();
    }

    private static LocalDateTime time(Object o) {
        return o instanceof Timestamp t ? t.toLocalDateTime() : (LocalDateTime) o;
    }
}
