package org.rpb.pacs.staging.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.profile.Option;
import org.rpb.pacs.deident.profile.Profile;

/**
 * Default {@link DeidentificationSettings} for a module running on its own: the PS3.15 basic profile
 * with modified dates, and a 32-byte random key per target created on first use in
 * {@code jboss.server.data.dir/pacs/keys/<target>.key} (owner-only permissions) and read from there
 * afterwards, so the same target always gets the same key.
 */
@ApplicationScoped
public class KeyFileDeidentificationSettings implements DeidentificationSettings {

    @Override
    public Deidentifier deidentifier(String target) {
        if (target == null || !target.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalStateException("target code must be 1 to 64 letters, digits, '-' or '_'");
        }
        Path dir = Path.of(System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir")), "pacs", "keys");
        try {
            return Deidentifier.builder().key(key(dir.resolve(target + ".key")))
                    .profile(Profile.basic().with(Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)).threads(2).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key of target " + target, e);
        }
    }

    private static byte[] key(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return Files.readAllBytes(file);
        }
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            Files.write(file, key, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the data folder's own permissions protect it
            }
            return key;
        } catch (FileAlreadyExistsException raced) {
            // another job created it first: use that one
            return Files.readAllBytes(file);
        }
    }
}
