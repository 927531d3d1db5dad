package org.rpb.pacs.vocabulary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.deident.rt.RoiVocabulary;

/**
 * The ROI vocabulary for server-side de-identification of a project (upload, staging, copy): a plain CDI bean
 * for the services that de-identify, which check the caller's roles themselves. Gives
 * {@link RoiVocabulary#NONE} when the project does not use its vocabulary.
 */
@ApplicationScoped
public class ProjectRoiVocabulary {

    @PersistenceContext(unitName = "pacs")
    private EntityManager em;

    /**
     * @param studyCode the project
     * @param files     the files about to be de-identified (their RT Structure Sets give the ROI names; other
     *                  files and unreadable ones are skipped here, pacs-deident names them when it refuses them)
     * @return the vocabulary to hand to {@code Deidentifier.Builder.vocabulary}
     */
    public RoiVocabulary forFiles(String studyCode, List<Path> files) {
        ProjectVocabulary v = VocabularyService.load(em, studyCode);
        if (!v.enabled() || v.mapping().rules().isEmpty()) {
            return RoiVocabulary.NONE;
        }
        Set<String> names = new LinkedHashSet<>();
        DicomReader reader = DicomReader.create();
        for (Path f : files) {
            try {
                names.addAll(RoiNamesInData.of(reader.read(f).dataSet()));
            } catch (IOException e) {
                // not readable: the de-identifier refuses it with the codec's message
            }
        }
        return v.mapping().toVocabulary(names);
    }
}
