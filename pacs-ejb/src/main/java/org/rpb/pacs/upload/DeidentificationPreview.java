package org.rpb.pacs.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.rpb.pacs.admin.PreviewException;
import org.rpb.pacs.admin.ProfileDraft;
import org.rpb.pacs.admin.ProfilePreview;
import org.rpb.pacs.deident.SubjectContext;

/**
 * The de-identification preview of an upload: for one instance of each series (the middle one, which for
 * images is also the one the thumbnail shows), every attribute before and after, computed by pacs-deident on a
 * temporary copy with a throwaway key. Nothing is stored and the uploaded files are left unchanged; the result
 * holds original values and is meant only for the uploader's own page, never for logs.
 * Stateless and thread-safe.
 */
public final class DeidentificationPreview {

    private final ProfilePreview preview = new ProfilePreview();

    /**
     * @param contents the inspected upload
     * @param profile  the project's profile (options, rules, ROI mapping)
     * @param subject  the identity and clinical trial attributes the upload will receive
     * @return one preview per series, in the order of {@link UploadContents#series()}
     * @throws PreviewException when the project's rules are not valid or a sample cannot be read
     */
    public List<SeriesPreview> preview(UploadContents contents, ProfileDraft profile, SubjectContext subject)
            throws PreviewException {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(subject, "subject");
        List<SeriesPreview> out = new ArrayList<>();
        for (UploadedSeries s : contents.series()) {
            InspectedInstance sample = middle(s);
            out.add(new SeriesPreview(s.seriesInstanceUid(), s.modality(), s.description(),
                    UploadWorkspace.displayName(sample.name()), preview.preview(sample.file(), profile, subject)));
        }
        return List.copyOf(out);
    }

    /** @return the middle instance of a series by Instance Number */
    public static InspectedInstance middle(UploadedSeries series) {
        return series.instances().get(series.instanceCount() / 2);
    }
}
