package org.rpb.pacs.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting, copying and moving folder trees, also onto another file system (a ZIP file system here). */
class FileTreesTest {

    @TempDir
    Path dir;

    /** {@code tree/a.txt}, {@code tree/sub/b.txt}, {@code tree/sub/empty/}. */
    private Path tree(Path root) throws Exception {
        Files.createDirectories(root.resolve("sub/empty"));
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("sub/b.txt"), "b");
        return root;
    }

    private static void assertTree(Path root) throws Exception {
        assertEquals("a", Files.readString(root.resolve("a.txt")));
        assertEquals("b", Files.readString(root.resolve("sub/b.txt")));
        assertTrue(Files.isDirectory(root.resolve("sub/empty")), "empty folders come along");
    }

    @Test
    void deleteRemovesEverythingButNotWhatALinkPointsTo() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "keep");
        Path root = tree(dir.resolve("tree"));
        Files.createSymbolicLink(root.resolve("sub/link"), outside);
        Files.createSymbolicLink(root.resolve("dirlink"), dir);
        FileTrees.delete(root);
        assertFalse(Files.exists(root));
        assertEquals("keep", Files.readString(outside), "a link is deleted, not followed");
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void deletingWhatIsNotThereOrASingleFileIsFine() throws Exception {
        FileTrees.delete(dir.resolve("absent"));
        assertTrue(FileTrees.deleteQuietly(dir.resolve("absent")));
        assertTrue(FileTrees.deleteQuietly(null));
        Path file = Files.writeString(dir.resolve("one.txt"), "1");
        FileTrees.delete(file);
        assertFalse(Files.exists(file));
        assertTrue(FileTrees.deleteQuietly(tree(dir.resolve("quiet"))));
        assertFalse(Files.exists(dir.resolve("quiet")));
    }

    @Test
    void copyCopiesEveryFileAndRefusesAnExistingTarget() throws Exception {
        Path from = tree(dir.resolve("from"));
        FileTrees.copy(from, dir.resolve("to"));
        assertTree(dir.resolve("to"));
        assertTree(from);
        assertThrows(FileAlreadyExistsException.class, () -> FileTrees.copy(from, dir.resolve("to")));
        assertThrows(NoSuchFileException.class, () -> FileTrees.copy(dir.resolve("absent"), dir.resolve("x")));
        assertFalse(Files.exists(dir.resolve("x")), "no partial copy");
    }

    @Test
    void moveRenamesOnOneFileSystemAndCopiesOntoAnother() throws Exception {
        Path from = tree(dir.resolve("from"));
        Path to = Files.createDirectories(dir.resolve("jobs/3")).resolve("in");
        FileTrees.move(from, to);
        assertFalse(Files.exists(from));
        assertTree(to);

        URI zip = URI.create("jar:" + dir.resolve("other.zip").toUri());
        try (FileSystem other = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Path there = other.getPath("/moved");
            FileTrees.move(to, there);
            assertFalse(Files.exists(to), "the source is deleted after the copy");
            assertTree(there);
            FileTrees.move(there, to);
            assertFalse(Files.exists(there));
            assertTree(to);
        }
    }

    @Test
    void replaceFileRenamesOverAnExistingFileAndCopiesOntoAnotherFileSystem() throws Exception {
        Path from = Files.writeString(dir.resolve("received.part"), "new");
        Path to = Files.writeString(dir.resolve("instance.dcm"), "old");
        FileTrees.replaceFile(from, to);
        assertFalse(Files.exists(from));
        assertEquals("new", Files.readString(to));

        URI zip = URI.create("jar:" + dir.resolve("replace.zip").toUri());
        try (FileSystem other = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Path there = Files.writeString(other.getPath("/instance.dcm"), "old");
            FileTrees.replaceFile(to, there);
            assertFalse(Files.exists(to), "the source is deleted after the copy");
            assertEquals("new", Files.readString(there));
        }
    }
}
