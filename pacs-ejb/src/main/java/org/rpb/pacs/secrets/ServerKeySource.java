package org.rpb.pacs.secrets;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * Where the server key comes from, in this order: the system property {@code pacs.secrets.key} (base64 of
 * 32 bytes), the file named by {@code pacs.secrets.keyfile} (32 raw bytes or their base64), or, when neither
 * is set, a key file generated once in the given data folder with owner-only permissions (0600). The key's
 * value is never logged.
 */
public final class ServerKeySource {

    /** System property holding the server key in base64. */
    public static final String KEY_PROPERTY = "pacs.secrets.key";
    /** System property naming a file that holds the server key. */
    public static final String KEYFILE_PROPERTY = "pacs.secrets.keyfile";
    /** Name of the generated key file in the data folder. */
    public static final String GENERATED_NAME = "pacs-secrets.key";

    private static final Logger LOG = Logger.getLogger(ServerKeySource.class.getName());

    private final String keyProperty;
    private final String keyFileProperty;
    private final Path dataDir;

    /**
     * @param keyProperty     value of {@code pacs.secrets.key} or {@code null}
     * @param keyFileProperty value of {@code pacs.secrets.keyfile} or {@code null}
     * @param dataDir         folder for a generated key file (the server's data folder)
     */
    public ServerKeySource(String keyProperty, String keyFileProperty, Path dataDir) {
        this.keyProperty = keyProperty;
        this.keyFileProperty = keyFileProperty;
        this.dataDir = dataDir;
    }

    /**
     * The 32-byte server key.
     *
     * @throws IOException if the configured key file cannot be read or a key file cannot be generated
     * @throws IllegalStateException if the configured key is not 32 bytes
     */
    public byte[] load(SecureRandom random) throws IOException {
        if (keyProperty != null && !keyProperty.isBlank()) {
            return check(decode(keyProperty.trim(), KEY_PROPERTY), KEY_PROPERTY);
        }
        if (keyFileProperty != null && !keyFileProperty.isBlank()) {
            return read(Path.of(keyFileProperty));
        }
        Path file = dataDir.resolve(GENERATED_NAME);
        if (!Files.exists(file)) {
            byte[] key = new byte[SecretCipher.KEY_BYTES];
            random.nextBytes(key);
            Files.createDirectories(dataDir);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(file, Base64.getEncoder().encode(key), StandardOpenOption.TRUNCATE_EXISTING);
                LOG.info(() -> "Server key for project secrets generated in " + file);
                return key;
            } catch (FileAlreadyExistsException raced) {
                // another start made it meanwhile: use that one
            }
        }
        return read(file);
    }

    private static byte[] read(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (raw.length == SecretCipher.KEY_BYTES) {
            return raw;
        }
        return check(decode(new String(raw, java.nio.charset.StandardCharsets.US_ASCII).trim(), file.toString()), file.toString());
    }

    private static byte[] decode(String base64, String where) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The server key in " + where + " is not base64");
        }
    }

    private static byte[] check(byte[] key, String where) {
        if (key.length != SecretCipher.KEY_BYTES) {
            throw new IllegalStateException("The server key in " + where + " must be " + SecretCipher.KEY_BYTES
                    + " bytes, not " + key.length);
        }
        return key;
    }
}
