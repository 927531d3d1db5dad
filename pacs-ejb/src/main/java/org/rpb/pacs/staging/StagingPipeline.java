package org.rpb.pacs.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.deident.BatchResult;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;

/**
 * Copies a study or some of its series from a source PACS into the research PACS, de-identified, and
 * proves that every instance arrived. This is the one entry point of staging (clinical PACS to a Study0
 * copy) and of project copies (Study0 copy in the research PACS to a project copy); the batch jobs and
 * services wrap it.
 *
 * <p>For each series: list the instances at the source (IMAGE-level C-FIND), predict each instance's
 * target UID from the key, skip those the research PACS already holds (so a second run never makes a
 * second copy and a retry only does what is missing), retrieve the series (C-MOVE to the module's
 * receiver or C-GET), de-identify each instance, store the results, and query the research PACS for
 * every stored instance. Every step of every instance goes to the {@link StagingListener}; failures of
 * single instances (not received, refused by de-identification, not stored, not found afterwards) are
 * reported with a reason and the run goes on. The job's working files live under the spool folder and
 * are deleted at the end of each series.
 *
 * <p>Immutable and thread-safe; built with {@link #builder()}.
 */
public final class StagingPipeline {
    private final SourcePacs source;
    private final ResearchArchive archive;
    private final Path spoolFolder;

    private StagingPipeline(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.archive = Objects.requireNonNull(b.archive, "archive");
        this.spoolFolder = Objects.requireNonNull(b.spoolFolder, "spoolFolder");
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Lists the instances a request covers at the source, series by series.
     *
     * @param request what to copy
     * @return source series UID to its instances, in listing order
     * @throws StagingException if the source cannot be queried or holds nothing for the request
     */
    public Map<String, List<InstanceResult>> plan(StagingRequest request) throws StagingException {
        List<InstanceResult> listed;
        try {
            listed = source.instances(request.studyInstanceUid(), request.seriesInstanceUids());
        } catch (DicomNetworkException e) {
            throw new StagingException("cannot list the instances to copy: " + e.getMessage(), e);
        }
        Map<String, List<InstanceResult>> bySeries = new LinkedHashMap<>();
        for (InstanceResult i : listed) {
            bySeries.computeIfAbsent(i.seriesInstanceUid(), k -> new ArrayList<>()).add(i);
        }
        for (String s : request.seriesInstanceUids()) {
            if (!bySeries.containsKey(s)) {
                throw new StagingException(source.node().describe() + " holds no instance of series " + s
                        + " of study " + request.studyInstanceUid());
            }
        }
        if (bySeries.isEmpty()) {
            throw new StagingException(source.node().describe() + " holds no instance of study "
                    + request.studyInstanceUid());
        }
        return bySeries;
    }

    /**
     * Runs the whole request.
     *
     * @param request what to copy and how to de-identify it
     * @param listener told about every step of every instance
     * @param cancel lets the caller stop between series and abort a running retrieve
     * @return the final state of every instance
     * @throws StagingException if the source cannot be listed or the spool folder cannot be written
     * @throws InterruptedException if interrupted while waiting for arrivals
     */
    public StagingResult run(StagingRequest request, StagingListener listener, CancelToken cancel)
            throws StagingException, InterruptedException {
        Map<String, List<InstanceResult>> plan = plan(request);
        List<InstanceProgress> outcomes = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<String, List<InstanceResult>> e : plan.entrySet()) {
            if (cancel.isCancelled()) {
                for (InstanceResult i : e.getValue()) {
                    outcomes.add(report(listener, i, request, InstanceState.FAILED, "cancelled before retrieval"));
                }
                continue;
            }
            SeriesOutcome so = runSeries(request, e.getKey(), e.getValue(), listener, cancel);
            outcomes.addAll(so.instances());
            skipped += so.skipped();
        }
        return new StagingResult(request.studyInstanceUid(), request.targetStudyInstanceUid(), outcomes, skipped);
    }

    /**
     * The outcome of one series (the unit a batch job checkpoints).
     *
     * @param instances final state of each instance of the series
     * @param skipped how many were already verified
     * @param failure why the series failed as a whole (retrieve, store or a query of the research PACS
     *        failed), empty when each instance has its own outcome
     */
    public record SeriesOutcome(List<InstanceProgress> instances, int skipped, java.util.Optional<String> failure) {
        /** Copies the list. */
        public SeriesOutcome {
            instances = List.copyOf(instances);
            failure = Objects.requireNonNull(failure, "failure");
        }

        /** @param instances final states @param skipped how many were already verified */
        public SeriesOutcome(List<InstanceProgress> instances, int skipped) {
            this(instances, skipped, java.util.Optional.empty());
        }
    }

    /**
     * Runs one series of a request: skip what is verified, retrieve, de-identify, store, verify.
     *
     * @param request the request
     * @param seriesInstanceUid the source series
     * @param instances its instances as listed by {@link #plan}
     * @param listener told about every step
     * @param cancel lets the caller abort the retrieve
     * @return the final state of each instance
     * @throws StagingException if the spool folder cannot be written
     * @throws InterruptedException if interrupted while waiting for arrivals
     */
    public SeriesOutcome runSeries(StagingRequest request, String seriesInstanceUid, List<InstanceResult> instances,
            StagingListener listener, CancelToken cancel) throws StagingException, InterruptedException {
        String targetStudy = request.targetStudyInstanceUid();
        Map<String, InstanceResult> todo = new LinkedHashMap<>();
        Map<String, InstanceProgress> done = new LinkedHashMap<>();
        for (InstanceResult i : instances) {
            todo.put(i.sopInstanceUid(), i);
        }
        // idempotence: the same key gives the same target UIDs, so what the archive has is not copied again
        try {
            Map<String, String> targets = new LinkedHashMap<>();
            todo.keySet().forEach(s -> targets.put(request.targetUid(s), s));
            Set<String> missing = archive.missing(targetStudy, targets.keySet());
            for (Map.Entry<String, String> t : targets.entrySet()) {
                if (!missing.contains(t.getKey())) {
                    InstanceResult i = todo.remove(t.getValue());
                    done.put(i.sopInstanceUid(), report(listener, i, request, InstanceState.VERIFIED, "already verified"));
                }
            }
        } catch (DicomNetworkException e) {
            return fail(request, instances, done, listener, "research PACS not reachable before retrieval: " + e.getMessage(), 0);
        }
        int skipped = done.size();
        if (todo.isEmpty()) {
            return new SeriesOutcome(inOrder(instances, done), skipped);
        }
        Path work;
        try {
            Files.createDirectories(spoolFolder);
            work = Files.createTempDirectory(spoolFolder, "job-");
        } catch (IOException e) {
            throw new StagingException("cannot create a working folder under the spool folder " + spoolFolder, e);
        }
        try {
            // 1. retrieve
            SourcePacs.Retrieved got;
            try {
                got = source.retrieveSeries(request.studyInstanceUid(), seriesInstanceUid, instances,
                        work.resolve("in"), cancel);
            } catch (DicomNetworkException | IOException e) {
                return fail(request, instances, done, listener, source.method() + " failed: " + e.getMessage(), skipped);
            }
            List<InstanceResult> retrieved = new ArrayList<>();
            for (InstanceResult i : todo.values()) {
                if (got.files().containsKey(i.sopInstanceUid())) {
                    retrieved.add(i);
                    report(listener, i, request, InstanceState.RETRIEVED, "");
                } else {
                    done.put(i.sopInstanceUid(), report(listener, i, request, InstanceState.FAILED,
                            "not received (" + got.result().describe() + ")"));
                }
            }
            // 2. de-identify
            List<Path> inputs = retrieved.stream().map(i -> got.files().get(i.sopInstanceUid())).toList();
            Path out = work.resolve("out");
            BatchResult br;
            try {
                br = request.deidentifierFor(inputs).deidentifyAll(inputs, out, request.subject(), null);
            } catch (IOException e) {
                return fail(request, instances, done, listener, "de-identification output not writable", skipped);
            }
            List<Path> toStore = new ArrayList<>();
            Map<Path, InstanceResult> byOutput = new LinkedHashMap<>();
            for (int k = 0; k < retrieved.size(); k++) {
                InstanceResult i = retrieved.get(k);
                org.rpb.pacs.deident.InstanceResult r = br.instances().get(k);
                if (!r.done()) {
                    done.put(i.sopInstanceUid(), report(listener, i, request, InstanceState.FAILED,
                            "refused by de-identification: " + safeRefusal(r.refusal(), got.files().get(i.sopInstanceUid()))));
                } else if (!request.targetUid(i.sopInstanceUid()).equals(r.newSopInstanceUid())) {
                    done.put(i.sopInstanceUid(), report(listener, i, request, InstanceState.FAILED,
                            "de-identified SOP Instance UID differs from the predicted one"));
                } else {
                    report(listener, i, request, InstanceState.DEIDENTIFIED, "");
                    toStore.add(r.output());
                    byOutput.put(r.output(), i);
                }
            }
            // 3. store
            List<InstanceResult> stored = new ArrayList<>();
            if (!toStore.isEmpty()) {
                StoreResult sr;
                try {
                    sr = archive.store(toStore);
                } catch (DicomNetworkException e) {
                    return fail(request, instances, done, listener, "store into " + archive.describe() + " failed: "
                            + e.getMessage(), skipped);
                }
                for (StoreResult.Instance si : sr.instances()) {
                    InstanceResult i = byOutput.get(si.file());
                    if (i == null) {
                        continue;
                    }
                    if (si.stored()) {
                        stored.add(i);
                        report(listener, i, request, InstanceState.STORED, "");
                    } else {
                        done.put(i.sopInstanceUid(), report(listener, i, request, InstanceState.FAILED,
                                "not stored: " + si.reason()));
                    }
                }
            }
            // 4. verify: the research PACS is asked, not the store responses trusted
            if (!stored.isEmpty()) {
                Set<String> missing;
                try {
                    missing = archive.missing(targetStudy,
                            stored.stream().map(i -> request.targetUid(i.sopInstanceUid())).toList());
                } catch (DicomNetworkException e) {
                    return fail(request, instances, done, listener, "verification query failed: " + e.getMessage(), skipped);
                }
                for (InstanceResult i : stored) {
                    boolean there = !missing.contains(request.targetUid(i.sopInstanceUid()));
                    done.put(i.sopInstanceUid(), report(listener, i, request,
                            there ? InstanceState.VERIFIED : InstanceState.FAILED,
                            there ? "" : "stored but not found in " + archive.describe()));
                }
            }
            return new SeriesOutcome(inOrder(instances, done), skipped);
        } finally {
            deleteTree(work);
        }
    }

    /** Marks every instance without a final state as failed (whole-series failure) and reports it. */
    private SeriesOutcome fail(StagingRequest request, List<InstanceResult> instances, Map<String, InstanceProgress> done,
            StagingListener listener, String reason, int skipped) {
        for (InstanceResult i : instances) {
            done.computeIfAbsent(i.sopInstanceUid(), k -> report(listener, i, request, InstanceState.FAILED, reason));
        }
        return new SeriesOutcome(inOrder(instances, done), skipped, java.util.Optional.of(reason));
    }

    private static List<InstanceProgress> inOrder(List<InstanceResult> instances, Map<String, InstanceProgress> done) {
        List<InstanceProgress> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (InstanceResult i : instances) {
            if (seen.add(i.sopInstanceUid()) && done.containsKey(i.sopInstanceUid())) {
                out.add(done.get(i.sopInstanceUid()));
            }
        }
        return out;
    }

    private static InstanceProgress report(StagingListener listener, InstanceResult i, StagingRequest request,
            InstanceState state, String reason) {
        InstanceProgress p = new InstanceProgress(i.sopInstanceUid(), i.seriesInstanceUid(),
                request.targetUid(i.sopInstanceUid()), state, reason);
        listener.progress(p);
        return p;
    }

    /** The spool path is the job's own; the refusal text never carries patient values, only file and reason. */
    private static String safeRefusal(String refusal, Path file) {
        String r = refusal == null ? "" : refusal;
        return file == null ? r : r.replace(file.toString(), file.getFileName().toString());
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temporary file is removed with the spool folder
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    /** Builder of {@link StagingPipeline}. */
    public static final class Builder {
        private SourcePacs source;
        private ResearchArchive archive;
        private Path spoolFolder;

        private Builder() {
        }

        /** @param v where instances come from @return this */
        public Builder source(SourcePacs v) { this.source = v; return this; }
        /** @param v the research PACS the copy goes to @return this */
        public Builder archive(ResearchArchive v) { this.archive = v; return this; }
        /** @param v the folder for working files (one sub-folder per series run) @return this */
        public Builder spoolFolder(Path v) { this.spoolFolder = v; return this; }

        /** @return the pipeline */
        public StagingPipeline build() {
            return new StagingPipeline(this);
        }
    }
}
