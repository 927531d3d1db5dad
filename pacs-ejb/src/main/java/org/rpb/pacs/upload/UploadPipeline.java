package org.rpb.pacs.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.io.DicomReader;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.deident.DeidentificationException;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.InstanceResult;
import org.rpb.pacs.deident.SubjectContext;

/**
 * The server side of an upload after the user confirmed it: de-identifies every instance with the project's
 * de-identifier into an output folder, stores the output in the research archive and verifies that every new
 * SOP Instance UID is there. Only a verified study is returned; the caller links it to the slot afterwards.
 *
 * <p>Idempotent: the project's key makes the new UIDs a function of the old ones, so a second run over the same
 * files (a retry after a failure, or the same study uploaded again for the same slot) produces the same UIDs and
 * the archive keeps one copy. Files already de-identified by an interrupted run are de-identified again, which
 * gives the same bytes. Immutable and thread-safe; each run uses its own folders.
 */
public final class UploadPipeline {

    private final Deidentifier deidentifier;
    private final ResearchArchive archive;

    /**
     * @param deidentifier the project's de-identifier (profile, key, rules)
     * @param archive      the research archive
     */
    public UploadPipeline(Deidentifier deidentifier, ResearchArchive archive) {
        this.deidentifier = Objects.requireNonNull(deidentifier, "deidentifier");
        this.archive = Objects.requireNonNull(archive, "archive");
    }

    /**
     * The StudyInstanceUID an upload of this study will receive, known before anything is stored.
     *
     * @param originalStudyUid the upload's StudyInstanceUID
     * @return the de-identified one
     */
    public String newStudyUid(String originalStudyUid) {
        return deidentifier.uidRemapper().remap(originalStudyUid);
    }

    /**
     * Runs the upload.
     *
     * @param instances the instances to upload, all of one study
     * @param subject   the identity and clinical trial attributes to write
     * @param outDir    the folder for the de-identified files (created if needed)
     * @param progress  told about each instance as it moves on
     * @return the verified study
     * @throws UploadFailedException naming the file or the archive when an instance is refused, the archive cannot
     *                               be reached, refuses an instance or does not hold every instance afterwards;
     *                               nothing is linked then, and the run can be repeated
     * @throws IOException           when the output folder cannot be written
     */
    public UploadedStudy run(List<InspectedInstance> instances, SubjectContext subject, Path outDir,
            UploadProgress progress) throws UploadFailedException, IOException {
        if (instances.isEmpty()) {
            throw new UploadFailedException("the upload holds no DICOM instance");
        }
        Set<String> studies = new LinkedHashSet<>();
        instances.forEach(i -> studies.add(i.header().studyInstanceUid()));
        if (studies.size() != 1) {
            throw new UploadFailedException("the upload holds " + studies.size() + " studies; a slot takes one");
        }
        Files.createDirectories(outDir);
        List<Path> outputs = new ArrayList<>();
        Map<String, String> newSopBySource = new LinkedHashMap<>();
        Map<String, UploadedStudy.Series> series = new LinkedHashMap<>();
        int n = 0;
        DicomReader reader = DicomReader.create();
        HeaderSummary first = null;
        for (InspectedInstance i : instances) {
            Path out = outDir.resolve(String.format(java.util.Locale.ROOT, "%06d.dcm", n++));
            InstanceResult r;
            try {
                r = deidentifier.deidentify(i.file(), out, subject);
            } catch (DeidentificationException e) {
                progress.failed(i.header().sopInstanceUid(), "refused by de-identification: " + e.getMessage());
                // named by its UID, not its file name: the message goes into the job's rows, and clinical
                // exports often name folders after the patient
                throw new UploadFailedException("instance " + i.header().sopInstanceUid()
                        + " was refused by de-identification: " + e.getMessage(), e);
            }
            outputs.add(out);
            newSopBySource.put(i.header().sopInstanceUid(), r.newSopInstanceUid());
            HeaderSummary stored = reader.readHeaderSummary(out);
            if (first == null) {
                first = stored;
            }
            series.merge(stored.seriesInstanceUid(), new UploadedStudy.Series(stored.seriesInstanceUid(),
                    i.header().seriesInstanceUid(), Objects.requireNonNullElse(stored.modality(), ""),
                    stored.seriesDescription(), 1), (a, b) -> a.plusOne());
            progress.deidentified(i.header().sopInstanceUid(), r.newSopInstanceUid());
        }
        String newStudy = newStudyUid(studies.iterator().next());
        StoreResult stored;
        try {
            stored = archive.store(outputs);
        } catch (DicomNetworkException e) {
            throw new UploadFailedException("the research PACS " + archive.describe()
                    + " could not be reached or broke the transfer (" + e.getMessage()
                    + "); nothing was linked, retry when it is back", e);
        }
        if (!stored.allStored()) {
            List<String> failed = stored.instances().stream().filter(s -> !s.stored())
                    .map(s -> s.file().getFileName() + ": " + s.reason()).toList();
            throw new UploadFailedException("the research PACS " + archive.describe() + " refused "
                    + failed.size() + " instance(s): " + String.join("; ", failed.subList(0, Math.min(5, failed.size()))));
        }
        newSopBySource.forEach((source, target) -> progress.stored(source, target));
        Set<String> missing;
        try {
            missing = archive.missing(newStudy, newSopBySource.values());
        } catch (DicomNetworkException e) {
            throw new UploadFailedException("the research PACS " + archive.describe()
                    + " could not be asked whether every instance arrived (" + e.getMessage() + ")", e);
        }
        if (!missing.isEmpty()) {
            throw new UploadFailedException("the research PACS " + archive.describe() + " does not hold "
                    + missing.size() + " of the " + newSopBySource.size() + " instances after storing them");
        }
        newSopBySource.forEach((source, target) -> progress.verified(source, target));
        return new UploadedStudy(newStudy, studies.iterator().next(), first.studyDate(), first.studyDescription(),
                List.copyOf(series.values()),
                List.copyOf(newSopBySource.values()));
    }
}
