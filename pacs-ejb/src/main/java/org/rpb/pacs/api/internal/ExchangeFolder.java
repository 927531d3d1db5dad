package org.rpb.pacs.api.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.rpb.pacs.api.DeidentificationFailedException;

/**
 * The one place on the server's file system where other modules hand files to the de-identification API and
 * take the results: {@code <root>/<study code>/<site code>/}. The root is the system property {@value #PROPERTY}, by
 * default {@code <jboss.server.data.dir>/pacs-exchange}. A path of a request counts only when it lies, with
 * every symbolic link followed, inside the folder of the caller's active study and site and outside the module's
 * own working folders (upload jobs, receiver spool, keys, temporary files). So a caller can neither read another
 * study's or site's files nor the module's raw uploads, nor write anywhere else on the server.
 *
 * <p>Refusals name the offending entry by its position only, since a path may carry a patient's name; and an input
 * that is missing, unreadable, no regular file or (once links are followed) elsewhere gets one and the same text, so
 * that a refusal never tells whether a file exists.
 */
public final class ExchangeFolder {

    /** System property naming the exchange root. */
    public static final String PROPERTY = "pacs.exchange.dir";

    private static final String CODE = "[A-Za-z0-9_-][A-Za-z0-9_.-]*";

    private final Path studyFolder;
    private final List<Path> forbidden;

    /**
     * @param root      the exchange root
     * @param studyCode the caller's active study
     * @param siteCode  the caller's active site
     * @param forbidden the module's working folders, never usable even when they lie under the root
     */
    public ExchangeFolder(Path root, String studyCode, String siteCode, List<Path> forbidden) {
        Objects.requireNonNull(root, "root");
        if (!studyCode.matches(CODE) || !siteCode.matches(CODE)) {
            throw new IllegalArgumentException("study or site code unusable as a folder name");
        }
        this.studyFolder = root.toAbsolutePath().normalize().resolve(studyCode).resolve(siteCode);
        this.forbidden = forbidden.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** The exchange folder of the server's configuration for a study and site. */
    public static ExchangeFolder configured(String studyCode, String siteCode) {
        String data = System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir"));
        String temp = System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir"));
        String root = System.getProperty(PROPERTY);
        Path r = root == null || root.isBlank() ? Path.of(data, "pacs-exchange") : Path.of(root.trim());
        return new ExchangeFolder(r, studyCode, siteCode, List.of(Path.of(data, "pacs"), Path.of(temp),
                Path.of(System.getProperty("java.io.tmpdir"), "pacs-upload")));
    }

    /** The study and site's folder (created if missing), as other modules are told. */
    public Path studyFolder() throws DeidentificationFailedException {
        try {
            Files.createDirectories(studyFolder);
            return checked(studyFolder.toRealPath(), "The exchange folder");
        } catch (IOException e) {
            throw new DeidentificationFailedException("The exchange folder " + studyFolder + " cannot be created: "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * @param path  an input file of a request
     * @param index its position in the request, for the message
     * @return the real path of the regular file
     * @throws DeidentificationFailedException if it is not a regular file inside the study's folder
     */
    public Path input(String path, int index) throws DeidentificationFailedException {
        String what = "Input file " + (index + 1);
        Path asked;
        try {
            asked = Path.of(path).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new DeidentificationFailedException(what + " is not a valid path.");
        }
        // decided on the path's text alone, before the file system is asked anything
        checked(asked, what);
        try {
            Path real = asked.toRealPath();
            checked(real, what);
            if (Files.isRegularFile(real) && Files.isReadable(real)) {
                return real;
            }
        } catch (IOException | RuntimeException | DeidentificationFailedException e) {
            // one answer for all of these, below
        }
        throw new DeidentificationFailedException(what + " does not exist, is not a readable file, or lies outside "
                + "the exchange folder of the active study and site.");
    }

    /**
     * @param path the output folder of a request
     * @return its real path, created if missing
     * @throws DeidentificationFailedException if it is not inside the study's folder
     */
    public Path output(String path) throws DeidentificationFailedException {
        String what = "The output folder";
        Path asked;
        try {
            asked = Path.of(path).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new DeidentificationFailedException(what + " is not a valid path.");
        }
        // check before creating anything, then again on the real path (a symbolic link may point elsewhere)
        checked(asked, what);
        Path base = studyFolder();
        Path existing = asked;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        // the nearest existing folder decides where creating leads, before anything is created
        checked(realOrAsIs(existing == null ? asked : existing), what);
        try {
            Files.createDirectories(asked);
            Path real = asked.toRealPath();
            checked(real, what);
            if (real.equals(base)) {
                throw new DeidentificationFailedException(what + " must be a sub-folder of " + base + ".");
            }
            return real;
        } catch (IOException e) {
            throw new DeidentificationFailedException(what + " cannot be created: " + e.getClass().getSimpleName());
        }
    }

    private Path checked(Path p, String what) throws DeidentificationFailedException {
        Path base = realOrAsIs(studyFolder);
        boolean inside = p.startsWith(base) || p.startsWith(studyFolder);
        boolean module = forbidden.stream().anyMatch(f -> p.startsWith(f) || p.startsWith(realOrAsIs(f)));
        if (!inside || module) {
            throw new DeidentificationFailedException(what + " lies outside the exchange folder of the active study and site ("
                    + studyFolder + "); the de-identification API reads and writes only there.");
        }
        return p;
    }

    private static Path realOrAsIs(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
