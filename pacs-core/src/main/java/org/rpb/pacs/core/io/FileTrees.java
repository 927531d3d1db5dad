package org.rpb.pacs.core.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * Folder trees on disk: delete one, copy one, move one (also onto another file system), and move a file over
 * another. The one place for these walks in the module; stateless. Symbolic links are never followed: deleting a
 * tree deletes a link inside it, not what it points to.
 */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Deletes a file, or a folder with everything in it; nothing happens if it does not exist. Every entry is
     * tried, so that one that cannot be deleted does not keep the others on disk.
     *
     * @param root the file or folder
     * @throws IOException the first failure, once every other entry has been tried (the rest are suppressed)
     */
    public static void delete(Path root) throws IOException {
        IOException failure = deleteAll(root);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Deletes a file or folder tree as far as it can, for temporary folders whose leftovers do no harm (a
     * temporary name is never taken for a complete file) and whose cleanup must not hide the result or the
     * error of the work before it.
     *
     * @param root the file or folder; {@code null} is allowed (nothing to delete)
     * @return whether nothing of it is left
     */
    public static boolean deleteQuietly(Path root) {
        if (root == null) {
            return true;
        }
        deleteAll(root);
        return Files.notExists(root, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Copies a folder with everything in it to a new place (file contents, not attributes).
     *
     * @param from the folder
     * @param to its copy's path, which must not exist yet (it may be on another file system)
     * @throws IOException if it cannot be copied; a partial copy is deleted again
     */
    public static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(to.toString());
        }
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, target(file), LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }

                private Path target(Path p) {
                    // as a string: the two paths may belong to different file systems
                    return to.resolve(from.relativize(p).toString());
                }
            });
        } catch (IOException | RuntimeException e) {
            IOException cleanup = deleteAll(to);
            if (cleanup != null) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Moves a folder to a new place: renamed where it can be, else (another file system, which a shared folder
     * often is) copied and then deleted.
     *
     * @param from the folder
     * @param to its new path, which must not exist yet
     * @throws IOException if it cannot be moved (a partial copy is deleted again, the source stays)
     */
    public static void move(Path from, Path to) throws IOException {
        // Files.move to another provider creates the target folder before it finds the source not empty
        if (from.getFileSystem().provider() == to.getFileSystem().provider()) {
            try {
                Files.move(from, to);
                return;
            } catch (DirectoryNotEmptyException | AtomicMoveNotSupportedException otherFileSystem) {
                // another file system of the same provider: copy below
            }
        }
        copy(from, to);
        delete(from);
    }

    /**
     * Moves a file to a path, replacing what is there: one rename where it can be (the cheap case, done for every
     * instance a PACS sends), else (another file system) a copy and a delete.
     *
     * @param from the file
     * @param to its new path
     * @throws IOException if it cannot be moved
     */
    public static void replaceFile(Path from, Path to) throws IOException {
        try {
            // a plain move would first stat both paths
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes what it can below and with {@code root}; the first failure, the later ones suppressed in it. */
    private static IOException deleteAll(Path root) {
        IOException[] first = new IOException[1];
        Consumer<IOException> failed = e -> {
            if (e instanceof NoSuchFileException) {
                return; // gone already (or never there): that is what was asked
            }
            if (first[0] == null) {
                first[0] = e;
            } else {
                first[0].addSuppressed(e);
            }
        };
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        failed.accept(e);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    failed.accept(e);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        failed.accept(e);
                    }
                    try {
                        Files.deleteIfExists(dir);
                    } catch (IOException ex) {
                        failed.accept(ex);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            failed.accept(e);
        }
        return first[0];
    }
}
