package org.rpb.pacs.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.rpb.pacs.secrets.internal.ProjectSecretEntity;
import org.rpb.pacs.secrets.internal.ProjectSecretStore;

/**
 * The project keys, for server-side de-identification only. A plain CDI bean, not an EJB: it has no
 * business interface, so no client outside the server can reach it, and no page or API returns its
 * result. A key is generated on first use and committed at once in a transaction of its own
 * ({@link ProjectSecretStore}), so a caller's rollback cannot lose a key that output was already made with.
 */
@ApplicationScoped
public class ProjectKeys {

    /** Default key reference of a profile: the project's key for UID hashing and date shifting. */
    public static final String DEFAULT_REFERENCE = "default";

    private final SecureRandom random = new SecureRandom();

    @Inject
    private ProjectSecretStore store;

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
        Optional<ProjectSecretEntity> stored = store.find(studyCode, reference);
        if (stored.isPresent()) {
            return open(stored.get(), name);
        }
        byte[] key = new byte[SecretCipher.KEY_BYTES];
        random.nextBytes(key);
        SecretCipher.Sealed sealed = cipher.seal(key, name);
        var e = Base64.getEncoder();
        try {
            // committed in its own transaction before the key is used: a rollback of the caller cannot lose it
            store.create(studyCode, reference, e.encodeToString(sealed.iv()), e.encodeToString(sealed.ciphertext()));
            return key;
        } catch (RuntimeException concurrent) {
            // another first use stored its key first: everybody uses that one
            SecretCipher.wipe(key);
            return open(store.find(studyCode, reference).orElseThrow(() -> concurrent), name);
        }
    }

    private byte[] open(ProjectSecretEntity stored, String name) throws SecretUnreadableException {
        var d = Base64.getDecoder();
        return cipher.open(new SecretCipher.Sealed(d.decode(stored.getIv()), d.decode(stored.getCiphertext())), name);
    }

    @Override
    public String toString() {
        return "ProjectKeys";
    }
}
