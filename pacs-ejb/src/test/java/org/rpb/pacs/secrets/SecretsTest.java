package org.rpb.pacs.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server key sources and the AES-GCM sealing of project keys. */
class SecretsTest {

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedKeyFileIsOwnerOnlyAndStableAcrossStarts() throws Exception {
        byte[] first = new ServerKeySource(null, null, dir).load(random);
        Path file = dir.resolve(ServerKeySource.GENERATED_NAME);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        assertEquals(32, first.length);
        assertArrayEquals(first, new ServerKeySource(null, null, dir).load(random), "second start reads the same key");
    }

    @Test
    void propertyWinsOverKeyFileAndWrongLengthsAreRefused() throws Exception {
        byte[] key = new byte[32];
        random.nextBytes(key);
        String b64 = Base64.getEncoder().encodeToString(key);
        Path other = dir.resolve("other.key");
        Files.write(other, new byte[32]);
        assertArrayEquals(key, new ServerKeySource(b64, other.toString(), dir).load(random));
        assertArrayEquals(new byte[32], new ServerKeySource(null, other.toString(), dir).load(random));
        var e = assertThrows(IllegalStateException.class,
                () -> new ServerKeySource(Base64.getEncoder().encodeToString(new byte[16]), null, dir).load(random));
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(ServerKeySource.GENERATED_NAME)), "no key generated when one is configured");
    }

    @Test
    void sealedKeyOpensOnlyWithTheSameServerKeyAndName() throws Exception {
        byte[] serverKey = new byte[32];
        random.nextBytes(serverKey);
        SecretCipher cipher = new SecretCipher(serverKey, random);
        byte[] projectKey = new byte[32];
        random.nextBytes(projectKey);
        SecretCipher.Sealed sealed = cipher.seal(projectKey, "RTTRIAL/default");
        assertFalse(Base64.getEncoder().encodeToString(sealed.ciphertext())
                .contains(Base64.getEncoder().encodeToString(projectKey)), "ciphertext is not the key");
        assertArrayEquals(projectKey, cipher.open(sealed, "RTTRIAL/default"));
        assertThrows(SecretUnreadableException.class, () -> cipher.open(sealed, "STUDY0/default"),
                "a row copied to another project does not open");
        byte[] otherServerKey = serverKey.clone();
        otherServerKey[0] ^= 1;
        var e = assertThrows(SecretUnreadableException.class,
                () -> new SecretCipher(otherServerKey, random).open(sealed, "RTTRIAL/default"));
        assertFalse(e.getMessage().contains(Base64.getEncoder().encodeToString(serverKey)));
        assertFalse(sealed.toString().contains(Base64.getEncoder().encodeToString(sealed.ciphertext())));
    }
}
