package org.rpb.pacs.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.data.HeaderSummary;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StoreSession;
import org.rpb.pacs.deident.DeidentificationException;
import org.rpb.pacs.deident.DeidentifiedInstance;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.SubjectContext;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;

/**
 * The server side of an upload after the user confirmed it, in batches (the upload job's chunks): de-identifies
 * each instance of a batch in memory with the project's de-identifier and stores it in the research archive as it
 * is encoded (no de-identified file written and read back), verifies that every new SOP Instance UID is there;
 * {@link #summary} then describes the verified study for its record.
 *
 * <p>Idempotent: the project's key makes the new UIDs a function of the old ones, so a second run over the same
 * files (a resume after a server stop, a retry, or the same study uploaded again for the same slot) sends the same
 * instances with the same UIDs and the archive keeps one copy.
 * Reasons name instances by their SOP Instance UID and give counts, never an uploaded file's name (folders of
 * clinical exports are often named after the patient) or a value from a file. Immutable and thread-safe.
 */
public final class UploadPipeline {

    /**
     * Default number of workers per batch. Measured on the loaded 2-core machine (500 instances in batches of 50
     * into an Orthanc, three rounds): 2 workers took 10 to 20 % less time than 1; 4 (staging's default, whose
     * workers also wait for their retrieve) no less than 1, the research PACS and the processors being busy.
     */
    public static final int DEFAULT_WORKERS = 2;

    /** The workers' threads: daemons, so that a stuck association never holds the server's shutdown. */
    private static final ThreadFactory WORKER = r -> {
        Thread t = new Thread(r, "upload-worker");
        t.setDaemon(true);
        return t;
    };

    private final Deidentifier deidentifier;
    private final ResearchArchive archive;
    private final int workers;

    /**
     * @param deidentifier the project's de-identifier (profile, key, rules)
     * @param archive      the research archive
     */
    public UploadPipeline(Deidentifier deidentifier, ResearchArchive archive) {
        this(deidentifier, archive, DEFAULT_WORKERS);
    }

    private UploadPipeline(Deidentifier deidentifier, ResearchArchive archive, int workers) {
        this.deidentifier = Objects.requireNonNull(deidentifier, "deidentifier");
        this.archive = Objects.requireNonNull(archive, "archive");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        this.workers = workers;
    }

    /**
     * @param n how many instances of a batch are de-identified and stored at once, each worker over its own store
     *          association (default {@value #DEFAULT_WORKERS})
     * @return a pipeline like this one with {@code n} workers
     */
    public UploadPipeline withWorkers(int n) {
        return new UploadPipeline(deidentifier, archive, n);
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
     * Checks that instances make one study a slot can take.
     *
     * @param instances the upload's instances
     * @return its StudyInstanceUID
     * @throws UploadFailedException if there is none, or more than one study
     */
    public static String oneStudy(List<InspectedInstance> instances) throws UploadFailedException {
        if (instances.isEmpty()) {
            throw new UploadFailedException("the upload holds no DICOM instance");
        }
        Set<String> studies = new LinkedHashSet<>();
        instances.forEach(i -> studies.add(i.header().studyInstanceUid()));
        if (studies.size() != 1) {
            throw new UploadFailedException("the upload holds " + studies.size() + " studies; a slot takes one");
        }
        return studies.iterator().next();
    }

    /**
     * Runs a whole upload in one batch (for tools and tests; the upload job runs {@link #runBatch} per chunk).
     *
     * @param instances the instances to upload, all of one study
     * @param subject   the identity and clinical trial attributes to write
     * @param outDir    the scratch folder of a store session that sends files only (created if needed)
     * @param progress  told about each instance as it moves on
     * @return the verified study
     * @throws UploadFailedException see {@link #runBatch}
     * @throws IOException           when the output folder cannot be written
     */
    public UploadedStudy run(List<InspectedInstance> instances, SubjectContext subject, Path outDir,
            Consumer<InstanceProgress> progress) throws UploadFailedException, IOException {
        String study = oneStudy(instances);
        UploadTimings timings = new UploadTimings();
        Sent sent = send(instances, subject, outDir, timings);
        verify(sent, progress, timings);
        Map<String, HeaderSummary> stored = new HashMap<>();
        sent.headersInto(stored);
        return summary(instances, study, stored, subject);
    }

    /**
     * De-identifies, stores and verifies a batch of an upload's instances.
     *
     * @param batch     instances of one study
     * @param subject   the identity and clinical trial attributes to write
     * @param outDir    the scratch folder of a store session that sends files only (created if needed)
     * @param progress  told about each instance's final state in the batch (verified, or failed with the reason)
     * @throws UploadFailedException when an instance is refused by de-identification, the archive cannot be reached,
     *                               refuses an instance or does not hold every instance afterwards; nothing is
     *                               linked then, and the batch can be run again
     * @throws IOException           when the output folder cannot be written
     */
    public void runBatch(List<InspectedInstance> batch, SubjectContext subject, Path outDir,
            Consumer<InstanceProgress> progress) throws UploadFailedException, IOException {
        runBatch(batch, subject, outDir, progress, new UploadTimings());
    }

    /**
     * As {@link #runBatch(List, SubjectContext, Path, Consumer)}, adding the time of each step to {@code timings}.
     *
     * @param batch    instances of one study
     * @param subject  the identity and clinical trial attributes to write
     * @param outDir   the scratch folder of a store session that sends files only (created if needed)
     * @param listener told about each instance's final state in the batch (its time counts as
     *                 {@link UploadTimings.Step#PROGRESS})
     * @param timings  where the time of de-identification, store, verification and progress goes
     * @throws UploadFailedException see {@link #runBatch(List, SubjectContext, Path, Consumer)}
     * @throws IOException           when the output folder cannot be written
     */
    public void runBatch(List<InspectedInstance> batch, SubjectContext subject, Path outDir,
            Consumer<InstanceProgress> listener, UploadTimings timings) throws UploadFailedException, IOException {
        verify(send(batch, subject, outDir, timings), listener, timings);
    }

    /**
     * The first half of {@link #runBatch(List, SubjectContext, Path, Consumer, UploadTimings)}: de-identifies and
     * stores a batch, telling no listener, so that it can run on another thread while the previous batch is
     * verified and recorded. Sending a batch again (its first send was never verified) sends the same instances.
     *
     * @param batch   instances of one study
     * @param subject the identity and clinical trial attributes to write
     * @param outDir  the scratch folder of a store session that sends files only (created if needed)
     * @param timings where the time of de-identification and store goes
     * @return the batch as sent, for {@link #verify}; a failure is kept in it, not thrown
     */
    public Sent send(List<InspectedInstance> batch, SubjectContext subject, Path outDir, UploadTimings timings) {
        try (Stores stores = openStores()) {
            return send(batch, subject, outDir, stores, timings);
        }
    }

    /**
     * As {@link #send(List, SubjectContext, Path, UploadTimings)}, over the store associations of {@code stores}
     * (kept open from one batch to the next of a job's execution instead of one set per batch).
     *
     * @param batch   instances of one study
     * @param subject the identity and clinical trial attributes to write
     * @param outDir  the scratch folder of a store session that sends files only (created if needed)
     * @param stores  the store sessions to send over, from {@link #openStores()} of this pipeline
     * @param timings where the time of de-identification and store goes
     * @return the batch as sent, for {@link #verify}; a failure is kept in it, not thrown
     */
    public Sent send(List<InspectedInstance> batch, SubjectContext subject, Path outDir, Stores stores,
            UploadTimings timings) {
        Stored[] done = new Stored[batch.size()];
        Failure failure;
        try {
            Files.createDirectories(outDir);
            failure = batch.isEmpty() ? null : deidentifyAndStore(batch, subject, outDir, stores, timings, done);
        } catch (IOException e) {
            failure = new Failure(0, e);
        }
        return new Sent(batch, done, failure);
    }

    /** @return an empty set of store sessions to the research archive, for {@link #send(List, SubjectContext, Path, Stores, UploadTimings)} */
    public Stores openStores() {
        return new Stores(archive);
    }

    /**
     * Store sessions to the research archive kept open between the batches of a job's execution: a worker takes
     * one (an idle one, else a new one) and gives it back when its batch is sent, so that the associations are
     * negotiated once per worker and series rather than once per worker and batch. Sessions are kept for one kind
     * of batch only (its SOP classes): a session opens an association per SOP class and keeps it, and a PACS serves
     * a few associations at a time (Orthanc four by default), so idle sessions of another kind are closed when a
     * batch of a new kind starts, rather than left to hold the associations the verification's C-FIND needs. A
     * session that failed is closed, not given back, and so is one left idle for longer than {@value #IDLE_MILLIS}
     * ms (the archive may have released its association meanwhile). Thread-safe; each session is used by one thread
     * at a time. {@link #close()} releases the idle sessions.
     */
    public static final class Stores implements AutoCloseable {
        /** Idle time after which a session is closed rather than used again: well below PACS' usual timeouts. */
        static final long IDLE_MILLIS = 10_000;

        private final ResearchArchive archive;
        /** Idle sessions, the last given back first (guarded by this). */
        private final ArrayDeque<Idle> idle = new ArrayDeque<>();
        private boolean closed;

        private record Idle(StoreSession session, String kind, long since) {
        }

        private Stores(ResearchArchive archive) {
            this.archive = archive;
        }

        /**
         * @param kind the kind of batch it is for (its SOP classes)
         * @return an idle session of that kind, else a new one; idle sessions of another kind are closed
         */
        StoreSession take(String kind) {
            List<StoreSession> stale = new ArrayList<>();
            StoreSession found = null;
            synchronized (this) {
                long now = System.nanoTime();
                for (Iterator<Idle> it = idle.iterator(); it.hasNext();) {
                    Idle i = it.next();
                    if (!i.kind().equals(kind) || now - i.since() > IDLE_MILLIS * 1_000_000) {
                        stale.add(i.session());
                        it.remove();
                    } else if (found == null) {
                        found = i.session();
                        it.remove();
                    }
                }
            }
            stale.forEach(StoreSession::close);
            return found != null ? found : archive.openStore();
        }

        /**
         * @param session a session from {@link #take(String)}
         * @param kind    the kind it was taken for
         * @param healthy whether it sent its instances without failure (else it is closed)
         */
        void give(StoreSession session, String kind, boolean healthy) {
            synchronized (this) {
                if (healthy && !closed) {
                    idle.push(new Idle(session, kind, System.nanoTime()));
                    return;
                }
            }
            session.close();
        }

        /** Closes the idle sessions; a session given back later is closed then. */
        @Override
        public void close() {
            List<Idle> all;
            synchronized (this) {
                closed = true;
                all = List.copyOf(idle);
                idle.clear();
            }
            all.forEach(i -> i.session().close());
        }
    }

    /**
     * A batch de-identified and sent by {@link #send}, not yet verified. Opaque; its arrays are never shared.
     */
    public static final class Sent {
        private final List<InspectedInstance> batch;
        private final Stored[] done;
        private final Failure failure;

        private Sent(List<InspectedInstance> batch, Stored[] done, Failure failure) {
            this.batch = List.copyOf(batch);
            this.done = done;
            this.failure = failure;
        }

        /** @return whether every instance was de-identified and answered by the archive (stored or refused) */
        public boolean complete() {
            return failure == null;
        }

        /**
         * The headers of the instances as de-identified and sent, for {@link #summary}; call it once the batch is
         * verified.
         *
         * @param into where each goes, by its source SOP Instance UID
         */
        public void headersInto(Map<String, HeaderSummary> into) {
            for (int k = 0; k < batch.size(); k++) {
                if (done[k] != null) {
                    into.put(batch.get(k).header().sopInstanceUid(), done[k].header());
                }
            }
        }
    }

    /**
     * The second half of {@link #runBatch(List, SubjectContext, Path, Consumer, UploadTimings)}: reports a failure
     * of {@link #send}, else verifies that the research PACS holds every instance of the batch.
     *
     * @param sent     the batch as sent
     * @param listener told about each instance's final state in the batch (its time counts as
     *                 {@link UploadTimings.Step#PROGRESS})
     * @param timings  where the time of verification and progress goes
     * @throws UploadFailedException see {@link #runBatch(List, SubjectContext, Path, Consumer)}
     * @throws IOException           when the output folder could not be written
     */
    public void verify(Sent sent, Consumer<InstanceProgress> listener, UploadTimings timings)
            throws UploadFailedException, IOException {
        Consumer<InstanceProgress> progress = p -> {
            long t = System.nanoTime();
            listener.accept(p);
            timings.add(UploadTimings.Step.PROGRESS, System.nanoTime() - t);
        };
        List<InspectedInstance> batch = sent.batch;
        if (batch.isEmpty() && sent.failure == null) {
            return;
        }
        Stored[] done = sent.done;
        Failure failure = sent.failure;
        Map<String, String> newSopBySource = new LinkedHashMap<>();
        for (int k = 0; k < batch.size(); k++) {
            if (done[k] != null) {
                newSopBySource.put(batch.get(k).header().sopInstanceUid(), done[k].newSop());
            }
        }
        // progress goes out on this thread, in batch order, after the workers (the listener need not be
        // thread-safe), and only each instance's last state of the batch: the job's counters count an instance's
        // earlier steps from it, and the steps before it would be written in the same flush only to be overwritten
        if (failure != null) {
            if (failure.cause() instanceof IOException e) {
                throw e;
            }
            if (failure.cause() instanceof RuntimeException e) {
                throw e;
            }
            String reason = failure.cause() instanceof DeidentificationException
                    ? "instance " + batch.get(failure.index()).header().sopInstanceUid() + " was refused by "
                            + "de-identification (" + failure.cause().getClass().getSimpleName() + "); the "
                            + "de-identification preview of its series shows why"
                    : "the research PACS " + archive.describe() + " could not be reached or broke the transfer ("
                            + failure.cause().getClass().getSimpleName() + "); nothing was linked, retry when it is back";
            failAll(batch, newSopBySource, progress, reason);
            throw new UploadFailedException(reason, failure.cause());
        }
        List<String> refused = new ArrayList<>();
        for (Stored d : done) {
            if (!d.result().stored()) {
                refused.add(d.newSop() + ": " + d.result().reason());
            }
        }
        if (!refused.isEmpty()) {
            String reason = "the research PACS " + archive.describe() + " refused " + refused.size()
                    + " instance(s): " + String.join("; ", refused.subList(0, Math.min(5, refused.size())));
            failAll(batch, newSopBySource, progress, reason);
            throw new UploadFailedException(reason);
        }
        String newStudy = newStudyUid(batch.get(0).header().studyInstanceUid());
        Set<String> missing;
        long verifying = System.nanoTime();
        Set<String> sourceSeries = new LinkedHashSet<>();
        batch.forEach(i -> sourceSeries.add(i.header().seriesInstanceUid()));
        try {
            // a batch of one series (as the upload job makes them) asks within that series, not the whole study, and
            // for its own instances by UID (ResearchArchive#missing), not for the series, which grows with every batch
            missing = sourceSeries.size() == 1
                    ? archive.missing(newStudy, deidentifier.uidRemapper().remap(sourceSeries.iterator().next()),
                            newSopBySource.values())
                    : archive.missing(newStudy, newSopBySource.values());
            timings.add(UploadTimings.Step.VERIFY, System.nanoTime() - verifying);
        } catch (DicomNetworkException e) {
            String reason = "the research PACS " + archive.describe() + " could not be asked whether every instance "
                    + "arrived (" + e.getClass().getSimpleName() + ")";
            failAll(batch, newSopBySource, progress, reason);
            throw new UploadFailedException(reason, e);
        }
        for (InspectedInstance i : batch) {
            String target = newSopBySource.get(i.header().sopInstanceUid());
            progress.accept(missing.contains(target)
                    ? step(i, target, InstanceState.FAILED, "not in the research PACS after storing it")
                    : step(i, target, InstanceState.VERIFIED, null));
        }
        if (!missing.isEmpty()) {
            throw new UploadFailedException("the research PACS " + archive.describe() + " does not hold "
                    + missing.size() + " of the " + newSopBySource.size() + " instances after storing them");
        }
    }

    /** An instance de-identified (its new SOP Instance UID) and sent (the archive's answer). */
    private record Stored(String newSop, HeaderSummary header, StoreResult.Instance result) {
    }

    /** The first instance that stopped the batch, and why. */
    private record Failure(int index, Exception cause) {
    }

    /**
     * De-identifies each instance of a batch into {@code outDir} and stores it, on {@link #workers} threads at once,
     * each over a store association of its own (the research PACS answers one C-STORE at a time per association,
     * so several keep it busy; de-identifying one instance overlaps storing another). The first failure stops the
     * workers; the instances done before it are in {@code done}.
     *
     * @return the first failure, or null when every instance was de-identified and sent
     */
    private Failure deidentifyAndStore(List<InspectedInstance> batch, SubjectContext subject, Path outDir,
            Stores stores, UploadTimings timings, Stored[] done) {
        long phase = System.nanoTime();
        LongAdder deidentifying = new LongAdder();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Failure> failure = new AtomicReference<>();
        String kind = String.join(",", new TreeSet<>(batch.stream().map(i -> String.valueOf(
                i.header().sopClassUid())).toList()));
        Runnable worker = () -> {
            StoreSession store = stores.take(kind);
            boolean healthy = true;
            try {
                int k;
                while (healthy && failure.get() == null && (k = next.getAndIncrement()) < batch.size()) {
                    InspectedInstance i = batch.get(k);
                    try {
                        long t = System.nanoTime();
                        // in memory and encoded onto the association as it is sent (its pixel data read from the
                        // upload's file): no de-identified file written and read back; {@code outDir} is only the
                        // scratch of a session that can send files alone
                        try (DeidentifiedInstance d = deidentifier.deidentifyInMemory(i.file(), subject)) {
                            deidentifying.add(System.nanoTime() - t);
                            HeaderSummary header = HeaderSummary.of(d.file().dataSet());
                            done[k] = new Stored(d.result().newSopInstanceUid(), header,
                                    store.store(d.file(), output(outDir, i)));
                        }
                    } catch (DeidentificationException | DicomNetworkException | IOException | RuntimeException e) {
                        healthy = false;
                        failure.compareAndSet(null, new Failure(k, e));
                    }
                }
            } finally {
                stores.give(store, kind, healthy);
            }
        };
        int threads = Math.min(workers, batch.size());
        try {
            runOn(threads, worker, failure);
        } finally {
            // the steps overlap on the workers: de-identification counts its share of the phase's wall time, the
            // store the rest, so that the steps still add up to the job's time
            long deid = deidentifying.sum() / threads;
            timings.add(UploadTimings.Step.DEIDENTIFY, deid);
            timings.add(UploadTimings.Step.STORE, Math.max(0, System.nanoTime() - phase - deid));
        }
        return failure.get();
    }

    /** Runs {@code worker} on {@code threads} threads of a pool of its own (or on this one) until all have ended. */
    private static void runOn(int threads, Runnable worker, AtomicReference<Failure> failure) {
        if (threads == 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, WORKER);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                running.add(pool.submit(worker));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new Failure(0, new IOException("interrupted while storing", e)));
        } catch (ExecutionException e) {
            failure.compareAndSet(null, new Failure(0, e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException(e.getCause())));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Describes a verified upload as stored (after de-identification).
     *
     * @param instances      every instance of the upload, all sent and verified
     * @param sourceStudyUid the upload's StudyInstanceUID
     * @param stored         the headers as sent ({@link Sent#headersInto}) by source SOP Instance UID; an instance
     *                       without one (verified by an earlier execution of the job) is de-identified again in
     *                       memory, which gives the same values
     * @param subject        the identity and clinical trial attributes written
     * @return the study
     * @throws IOException if an instance's file cannot be read or de-identified again
     */
    public UploadedStudy summary(List<InspectedInstance> instances, String sourceStudyUid,
            Map<String, HeaderSummary> stored, SubjectContext subject) throws IOException {
        Map<String, UploadedStudy.Series> series = new LinkedHashMap<>();
        List<String> sops = new ArrayList<>();
        HeaderSummary first = null;
        for (InspectedInstance i : instances) {
            HeaderSummary h = stored.get(i.header().sopInstanceUid());
            if (h == null) {
                h = again(i, subject);
            }
            if (first == null) {
                first = h;
            }
            sops.add(h.sopInstanceUid());
            series.merge(h.seriesInstanceUid(), new UploadedStudy.Series(h.seriesInstanceUid(),
                    i.header().seriesInstanceUid(), Objects.requireNonNullElse(h.modality(), ""),
                    h.seriesDescription(), 1), (a, b) -> a.plusOne());
        }
        return new UploadedStudy(newStudyUid(sourceStudyUid), sourceStudyUid, first == null ? null : first.studyDate(),
                first == null ? null : first.studyDescription(), List.copyOf(series.values()), sops);
    }

    /** The header of an instance as it was sent, from de-identifying it again in memory (same key, same values). */
    private HeaderSummary again(InspectedInstance i, SubjectContext subject) throws IOException {
        try (DeidentifiedInstance d = deidentifier.deidentifyInMemory(i.file(), subject)) {
            return HeaderSummary.of(d.file().dataSet());
        } catch (DeidentificationException e) {
            throw new IOException("instance " + i.header().sopInstanceUid() + " can no longer be de-identified ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * The scratch file of an instance for a store session that sends files only: named after its source SOP
     * Instance UID, never after the uploaded file.
     */
    private static Path output(Path outDir, InspectedInstance i) {
        return outDir.resolve(UUID.nameUUIDFromBytes(i.header().sopInstanceUid().getBytes(StandardCharsets.US_ASCII))
                + ".dcm");
    }

    private static InstanceProgress step(InspectedInstance i, String target, InstanceState state, String reason) {
        return new InstanceProgress(i.header().sopInstanceUid(), i.header().seriesInstanceUid(), target, state, reason);
    }

    private static void failAll(List<InspectedInstance> batch, Map<String, String> targets,
            Consumer<InstanceProgress> progress, String reason) {
        batch.forEach(i -> progress.accept(step(i, targets.get(i.header().sopInstanceUid()), InstanceState.FAILED,
                reason)));
    }
}
