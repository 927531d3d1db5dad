package org.rpb.pacs.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;

import org.rpb.pacs.security.Roles;
import org.rpb.pacs.core.io.FileTrees;

/**
 * The live preview of a de-identification profile being edited, and rule validation, for administrators. A thin
 * shell around {@link ProfilePreview}: every preview uses its own throwaway key, never a project's.
 */
@Stateless
@RolesAllowed(Roles.PACS_ADMIN)
public class ProfilePreviewService {

    /** Where Debian's python3-pydicom keeps its real test files, the demo samples. */
    static final Path DEMO_DIR = Path.of(System.getProperty("rpb.pacs.demoSamples",
            "/usr/lib/python3/dist-packages/pydicom/data/test_files"));

    /** The demo samples offered, when present. */
    static final List<String> DEMO_FILES = List.of("CT_small.dcm", "MR_small.dcm", "rtstruct.dcm", "rtplan.dcm",
            "rtdose.dcm");

    /** Largest uploaded sample accepted, so that a preview cannot fill the server's disk. */
    public static final int MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

    private final ProfilePreview preview = new ProfilePreview();

    /** @return the names of the demo samples present on this server */
    public List<String> demoSamples() {
        List<String> names = new ArrayList<>();
        for (String n : DEMO_FILES) {
            if (Files.isRegularFile(DEMO_DIR.resolve(n))) {
                names.add(n);
            }
        }
        return names;
    }

    /**
     * @param rulesText a rule text
     * @return its problems with line and reason; empty when it can be saved
     */
    public List<RuleProblem> validateRules(String rulesText) {
        return preview.validateRules(rulesText);
    }

    /**
     * Previews a demo sample.
     *
     * @param name    one of {@link #demoSamples()}
     * @param draft   the profile being edited
     * @param subject the made-up subject to write
     * @return the preview
     * @throws PreviewException when the name is not a demo sample, the rules are not valid or the file is not
     *         readable
     */
    public PreviewResult previewDemo(String name, ProfileDraft draft, PreviewSubject subject) throws PreviewException {
        if (!demoSamples().contains(name)) {
            throw new PreviewException("not a demo sample: " + name);
        }
        return preview.preview(DEMO_DIR.resolve(name), draft, subject.toContext());
    }

    /**
     * Previews an uploaded sample; the upload is kept only for the time of the preview.
     *
     * @param fileName the uploaded file's name, for messages
     * @param content  the file's bytes (at most {@link #MAX_UPLOAD_BYTES})
     * @param draft    the profile being edited
     * @param subject  the made-up subject to write
     * @return the preview
     * @throws PreviewException when the upload is too large, the rules are not valid or the file is not DICOM
     */
    public PreviewResult previewUpload(String fileName, byte[] content, ProfileDraft draft, PreviewSubject subject)
            throws PreviewException {
        if (content.length > MAX_UPLOAD_BYTES) {
            throw new PreviewException("the sample " + fileName + " has " + content.length
                    + " bytes, more than the " + MAX_UPLOAD_BYTES + " a preview accepts");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("pacs-preview-upload");
            String safe = fileName == null ? "sample.dcm" : Path.of(fileName).getFileName().toString();
            Path file = dir.resolve(safe.isBlank() ? "sample.dcm" : safe);
            Files.write(file, content);
            return preview.preview(file, draft, subject.toContext());
        } catch (IOException e) {
            throw new PreviewException("the sample " + fileName + " cannot be stored for the preview: "
                    + e.getMessage(), e);
        } finally {
            // a leftover temporary copy of a sample: removed with the server's temporary files
            FileTrees.deleteQuietly(dir);
        }
    }
}
