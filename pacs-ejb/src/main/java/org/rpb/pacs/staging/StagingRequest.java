package org.rpb.pacs.staging;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;

/**
 * What one run copies and how it de-identifies: a study (or some of its series) of one patient in the
 * source PACS, the target's de-identifier (its profile and key) and the subject (Patient ID and Name =
 * the Study0 PID, or a project's subject identifier; the expected source Patient ID, so that an
 * instance of another patient is refused). Immutable; built with {@link #builder()}.
 *
 * @param studyInstanceUid the study in the source PACS
 * @param seriesInstanceUids the chosen series, or empty for the whole study
 * @param deidentifier the target's de-identifier (profile, key, rules)
 * @param subject the subject the copy belongs to
 * @param forInputs the de-identifier for one batch of retrieved files: {@code deidentifier} with what depends
 *        on the data (a project's ROI vocabulary maps the ROI names found in it); same profile and key, so the
 *        same UIDs
 */
public record StagingRequest(String studyInstanceUid, List<String> seriesInstanceUids, Deidentifier deidentifier,
        SubjectContext subject, Function<List<Path>, Deidentifier> forInputs) {

    /** Validates the fields. */
    public StagingRequest {
        if (studyInstanceUid == null || studyInstanceUid.isBlank()) {
            throw new IllegalArgumentException("studyInstanceUid must not be empty");
        }
        seriesInstanceUids = List.copyOf(seriesInstanceUids);
        Objects.requireNonNull(deidentifier, "deidentifier");
        Objects.requireNonNull(subject, "subject");
        if (forInputs == null) {
            Deidentifier fixed = deidentifier;
            forInputs = inputs -> fixed;
        }
        if (subject.expectedPatientId() == null) {
            // without it the first file would decide whose data the batch is
            throw new IllegalArgumentException("the subject must name the expected source Patient ID");
        }
    }

    /**
     * @param inputs retrieved files about to be de-identified
     * @return the de-identifier for them
     */
    public Deidentifier deidentifierFor(List<Path> inputs) {
        return forInputs.apply(inputs);
    }

    /** RT Structure Set Storage: the only kind whose content (its ROI names) can change the de-identifier. */
    static final String RT_STRUCTURE_SET = "1.2.840.10008.5.1.4.1.1.481.3";

    /**
     * The de-identifier for one retrieved instance, as the pipeline streams them: the data-dependent one
     * ({@code forInputs} of this file alone) for an RT Structure Set or an instance of unknown SOP class,
     * {@link #deidentifier()} for everything else (no ROI names in it; same profile and key, so the same
     * UIDs), so that the common case costs no extra read.
     *
     * @param sopClassUid the instance's SOP class, or "" if unknown
     * @param file its retrieved file
     * @return the de-identifier for it
     */
    public Deidentifier deidentifierFor(String sopClassUid, Path file) {
        String cls = sopClassUid == null ? "" : sopClassUid;
        return cls.isEmpty() || RT_STRUCTURE_SET.equals(cls) ? forInputs.apply(List.of(file)) : deidentifier;
    }

    /** @return the Study Instance UID the copy has in the research PACS */
    public String targetStudyInstanceUid() {
        return deidentifier.uidRemapper().remap(studyInstanceUid);
    }

    /**
     * @param sourceUid a UID of the source data
     * @return the UID it has in the copy (the same key always gives the same UID)
     */
    public String targetUid(String sourceUid) {
        return deidentifier.uidRemapper().remap(sourceUid);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link StagingRequest}. */
    public static final class Builder {
        private String study;
        private List<String> series = List.of();
        private Deidentifier deidentifier;
        private SubjectContext subject;
        private Function<List<Path>, Deidentifier> forInputs;

        private Builder() {
        }

        /** @param v the source study @return this */
        public Builder studyInstanceUid(String v) { this.study = v; return this; }
        /** @param v the chosen series, empty for all @return this */
        public Builder seriesInstanceUids(List<String> v) { this.series = v; return this; }
        /** @param v the target's de-identifier @return this */
        public Builder deidentifier(Deidentifier v) { this.deidentifier = v; return this; }
        /** @param v the subject, with the expected source Patient ID @return this */
        public Builder subject(SubjectContext v) { this.subject = v; return this; }
        /** @param v the de-identifier per batch of retrieved files (default: always {@code deidentifier}) @return this */
        public Builder deidentifierForInputs(Function<List<Path>, Deidentifier> v) { this.forInputs = v; return this; }

        /** @return the validated request */
        public StagingRequest build() {
            return new StagingRequest(study, series, deidentifier, subject, forInputs);
        }
    }
}
