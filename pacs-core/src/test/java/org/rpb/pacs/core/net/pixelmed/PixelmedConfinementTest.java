package org.rpb.pacs.core.net.pixelmed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards of two PixelMed rules (ARCHITECTURE.md), checked on the compiled classes of pacs-core:
 * PixelMed is used only inside this adapter package, so that another toolkit could replace it; and
 * nothing uses PixelMed's de-identification class, whose UID map is static and unsynchronised.
 */
class PixelmedConfinementTest {

    private static List<Path> classes() throws Exception {
        Path root = Path.of(PixelmedStoreReceiver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(root.resolve("org/rpb/pacs/core")), "compiled classes at " + root);
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }

    private static boolean mentions(Path classFile, String internalName) throws Exception {
        // class names referenced by a class file are in its constant pool as plain UTF-8
        return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(internalName);
    }

    @Test
    void pixelmedIsUsedOnlyInTheAdapterPackage() throws Exception {
        List<String> outside = new ArrayList<>();
        int inside = 0;
        for (Path c : classes()) {
            boolean adapter = c.toString().contains("/org/rpb/pacs/core/net/pixelmed/");
            if (mentions(c, "com/pixelmed/")) {
                if (adapter) {
                    inside++;
                } else {
                    outside.add(c.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), outside, "classes outside net/pixelmed that use PixelMed");
        assertTrue(inside > 3, "the adapter itself uses PixelMed: " + inside);
    }

    @Test
    void nothingUsesPixelmedsDeIdentification() throws Exception {
        List<String> users = new ArrayList<>();
        for (Path c : classes()) {
            if (mentions(c, "com/pixelmed/dicom/ClinicalTrialsAttributes")) {
                users.add(c.getFileName().toString());
            }
        }
        assertEquals(List.of(), users);
    }
}
