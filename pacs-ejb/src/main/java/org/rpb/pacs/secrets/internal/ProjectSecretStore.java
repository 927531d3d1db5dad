package org.rpb.pacs.secrets.internal;

import java.time.LocalDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * The sealed project secrets in the database, each read and written in a transaction of its own. A key made on
 * first use is committed before its caller uses it, so a caller that later rolls back (e.g. a failed
 * de-identification after files were already written with the key) cannot lose it: the next use gets the same
 * key. Holds only ciphertext; never decrypts.
 */
@ApplicationScoped
public class ProjectSecretStore {

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    /** The stored secret, read in a fresh transaction (so a secret another transaction just committed is seen). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<ProjectSecretEntity> find(String studyCode, String purpose) {
        return Optional.ofNullable(em.find(ProjectSecretEntity.class, new ProjectSecretEntity.Key(studyCode, purpose)));
    }

    /**
     * Stores a new secret and commits it at once.
     *
     * @throws jakarta.persistence.PersistenceException if one is stored already (a concurrent first use)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void create(String studyCode, String purpose, String iv, String ciphertext) {
        em.persist(new ProjectSecretEntity(studyCode, purpose, iv, ciphertext, LocalDateTime.now()));
        // written here, so that a concurrent first use fails inside this method, not at commit
        em.flush();
    }

    @Override
    public String toString() {
        return "ProjectSecretStore";
    }
}
