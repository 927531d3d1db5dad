package org.rpb.pacs.secrets;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of small secrets under a server key, with the secret's name as associated data
 * so that a ciphertext copied to another project's row does not decrypt.
 */
public final class SecretCipher {

    static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final byte[] serverKey;
    private final SecureRandom random;

    /**
     * @param serverKey the 32-byte server key (copied)
     * @param random    the source of IVs
     * @throws IllegalArgumentException if the key is not 32 bytes long
     */
    public SecretCipher(byte[] serverKey, SecureRandom random) {
        if (serverKey == null || serverKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("The server key must be " + KEY_BYTES + " bytes, not "
                    + (serverKey == null ? "missing" : serverKey.length + " bytes"));
        }
        this.serverKey = serverKey.clone();
        this.random = random;
    }

    /** An encrypted secret: the random IV and the ciphertext with its authentication tag. */
    public record Sealed(byte[] iv, byte[] ciphertext) {
        public Sealed {
            iv = iv.clone();
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] iv() {
            return iv.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        @Override
        public String toString() {
            return "Sealed[" + ciphertext.length + " bytes]";
        }
    }

    /** Encrypts a secret; {@code name} must be given again to open it. */
    public Sealed seal(byte[] secret, String name) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, iv, name);
            return new Sealed(iv, c.doFinal(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts a secret.
     *
     * @throws SecretUnreadableException if the ciphertext, the name or the server key do not match
     */
    public byte[] open(Sealed sealed, String name) throws SecretUnreadableException {
        try {
            return cipher(Cipher.DECRYPT_MODE, sealed.iv(), name).doFinal(sealed.ciphertext());
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretUnreadableException("The stored secret " + name
                    + " does not decrypt with this server key (wrong pacs.secrets.key / key file, or altered row)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv, String name) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(serverKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return c;
    }

    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM]";
    }

    /** Overwrites a key copy that is no longer needed. */
    static void wipe(byte[] b) {
        Arrays.fill(b, (byte) 0);
    }
}
