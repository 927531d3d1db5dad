package org.rpb.pacs.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.Base64;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.secrets.internal.ProjectSecretEntity;

/**
 * The project keys, for server-side de-identification only. A plain CDI bean, not an EJB: it has no
 * business interface, so no client outside the server can reach it, and no page or API returns its
 * result. Runs in the caller's transaction.
 */
@ApplicationScoped
public class ProjectKeys {

    /** Default key reference of a profile: the project's key for UID hashing and date shifting. */
    public static final String DEFAULT_REFERENCE = "default";

    private final SecureRandom random = new SecureRandom();

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    private SecretCipher cipher;

    @PostConstruct
    void init() {
        String dataDir = System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir"));
        try {
            byte[] serverKey = new ServerKeySource(System.getProperty(ServerKeySource.KEY_PROPERTY),
                    System.getProperty(ServerKeySource.KEYFILE_PROPERTY), Path.of(dataDir)).load(random);
            cipher = new SecretCipher(serverKey, random);
            SecretCipher.wipe(serverKey);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the server key for project secrets", e);
        }
    }

    /**
     * The project's key with the reference, generated (32 random bytes) and stored encrypted on first use.
     * The caller must not keep, log or return it.
     *
     * @param studyCode the project (portal study code)
     * @param reference the profile's key reference, e.g. {@link #DEFAULT_REFERENCE}
     * @throws SecretUnreadableException if the stored key does not decrypt with the server key
     */
    public byte[] key(String studyCode, String reference) throws SecretUnreadableException {
        String name = studyCode + "/" + reference;
        ProjectSecretEntity stored = em.find(ProjectSecretEntity.class, new ProjectSecretEntity.Key(studyCode, reference));
        if (stored != null) {
            var d = Base64.getDecoder();
            return cipher.open(new SecretCipher.Sealed(d.decode(stored.getIv()), d.decode(stored.getCiphertext())), name);
        }
        byte[] key = new byte[SecretCipher.KEY_BYTES];
        random.nextBytes(key);
        SecretCipher.Sealed sealed = cipher.seal(key, name);
        var e = Base64.getEncoder();
        em.persist(new ProjectSecretEntity(studyCode, reference, e.encodeToString(sealed.iv()),
                e.encodeToString(sealed.ciphertext()), LocalDateTime.now()));
        // written now, so that a concurrent first use fails here instead of each using its own key
        em.flush();
        return key;
    }

    @Override
    public String toString() {
        return "ProjectKeys";
    }
}
