package org.rpb.pacs.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rpb.pacs.core.archive.ResearchArchive;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.core.net.RetrieveResult;
import org.rpb.pacs.core.net.StoreResult;
import org.rpb.pacs.core.net.StoreSession;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.deident.DeidentificationException;
import org.rpb.pacs.deident.Deidentifier;
import org.rpb.pacs.deident.DeidentifiedInstance;
import org.rpb.pacs.job.InstanceProgress;
import org.rpb.pacs.job.InstanceState;

/**
 * Copies a study or some of its series from a source PACS into the research PACS, de-identified, and
 * proves that every instance arrived. This is the one entry point of staging (clinical PACS to a Study0
 * copy) and of project copies (Study0 copy in the research PACS to a project copy); the batch jobs and
 * services wrap it.
 *
 * <p>The instances are listed at the source (IMAGE-level C-FIND), and the series run in groups: consecutive
 * series up to {@code groupLimit} instances together (a larger series alone), so small series share the round
 * trips of one run. For each group: predict each instance's target UID from the key, skip those the research PACS
 * already holds (so a second run never makes a second copy and a retry only does what is missing), then retrieve
 * the group (one C-MOVE of its series to the module's receiver, or C-GET in chunks) while workers de-identify and
 * store each instance as it arrives (one store association per worker and SOP class, kept open for the group). At
 * most {@code spoolLimit} instances wait in the working folder; when it is full, the retrieve waits (a C-MOVE
 * sub-operation is answered only when there is room, so the sending PACS slows down). At the end one IMAGE-level
 * query (of the target series, or of the target study for several series) verifies every stored instance. Every
 * step of every instance goes to the {@link StagingListener}; failures of single instances (not received, refused by
 * de-identification, not stored, not found afterwards) are reported with a reason and the run goes on. The working
 * files live under the spool folder and are deleted at the end of each group.
 *
 * <p>Immutable and thread-safe; built with {@link #builder()}.
 */
public final class StagingPipeline {
    /** At FINE: where each run's time went (counts and milliseconds, never an identifier). */
    private static final Logger LOG = Logger.getLogger(StagingPipeline.class.getName());
    /**
     * Default number of workers per series. Each spends most of its time waiting for the research PACS to
     * answer its C-STORE (the PACS writes and indexes one instance at a time per association), so more
     * workers than processors keep the PACS busy; measured on 2 cores, 4 beat 2 and 3.
     */
    public static final int DEFAULT_WORKERS = 4;
    /**
     * The most receiver parses a series keeps for its waiting arrivals (a CT header is some tens of kB on the
     * heap): enough for the workers to find one ready while the spool is short, bounded when it is full.
     */
    static final int PARSES_HELD = 64;
    /** Default bound of a series' working folder, in instances. */
    public static final int DEFAULT_SPOOL_LIMIT = 500;
    /**
     * Default most instances of the series one run takes together. Each run costs the same few round trips
     * whatever its size (a listing of what is there, a C-MOVE association, a verification query, a checkpoint),
     * which small series (RT objects, scouts) pay once per run instead of once each; a run of this size keeps a
     * job's checkpoints a few seconds apart.
     */
    public static final int DEFAULT_GROUP_LIMIT = 500;
    private final SourcePacs source;
    private final ResearchArchive archive;
    private final Path spoolFolder;
    /** The workers' executor, or null for a pool of the pipeline's own per series. */
    private final ExecutorService executor;
    private final int workers;
    private final int spoolLimit;
    private final int groupLimit;
    /** Shared with the server's other series, or null: this pipeline's series always get {@code workers}. */
    private final WorkerBudget budget;

    private StagingPipeline(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.archive = Objects.requireNonNull(b.archive, "archive");
        this.spoolFolder = Objects.requireNonNull(b.spoolFolder, "spoolFolder");
        this.executor = b.executor;
        this.workers = b.workers;
        this.spoolLimit = b.spoolLimit;
        this.groupLimit = b.groupLimit;
        this.budget = b.budget;
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
        for (int next = 0; next < plan.size(); ) {
            Map<String, List<InstanceResult>> group = group(plan, next);
            next += group.size();
            if (cancel.isCancelled()) {
                group.values().forEach(g -> g.forEach(i -> outcomes.add(
                        report(listener, i, request, InstanceState.FAILED, "cancelled before retrieval"))));
                continue;
            }
            SeriesOutcome so = runGroup(request, group, listener, cancel);
            outcomes.addAll(so.instances());
            skipped += so.skipped();
        }
        return new StagingResult(request.studyInstanceUid(), request.targetStudyInstanceUid(), outcomes, skipped);
    }

    /**
     * The series one run takes together, starting with the series at {@code from} in the plan's order: that one
     * and those following it while their instances add up to at most the group limit (a larger series runs alone).
     * A batch job checkpoints after each group, so the same plan and index give the same group on a restart.
     *
     * @param plan the plan ({@link #plan}), in its order
     * @param from the index of the group's first series in the plan's order
     * @return the group's series and their instances in the plan's order; empty when {@code from} is past the end
     */
    public Map<String, List<InstanceResult>> group(Map<String, List<InstanceResult>> plan, int from) {
        Map<String, List<InstanceResult>> group = new LinkedHashMap<>();
        int instances = 0;
        int index = 0;
        for (Map.Entry<String, List<InstanceResult>> e : plan.entrySet()) {
            if (index++ < from) {
                continue;
            }
            if (!group.isEmpty() && instances + e.getValue().size() > groupLimit) {
                break;
            }
            group.put(e.getKey(), e.getValue());
            instances += e.getValue().size();
        }
        return group;
    }

    /**
     * The outcome of one run of series (the unit a batch job checkpoints).
     *
     * @param instances final state of each instance of the series, series after series
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
     * Runs one group of series of a request ({@link #group}) as one: skip what is verified (one query), then
     * retrieve them (one C-MOVE), de-identify and store each instance as it arrives (workers from the pipeline's
     * executor; at most {@code spoolLimit} instances in the working folder, the retrieve waiting for room), then
     * verify everything stored with one query (of the target series for a single series, else of the target
     * study).
     *
     * @param request the request
     * @param series the source series and their instances as listed by {@link #plan}, at least one
     * @param listener told about every step, from several threads
     * @param cancel lets the caller abort the retrieve (what arrived is still stored and verified)
     * @return the final state of each instance, and the reason when the group failed as a whole
     * @throws StagingException if the spool folder cannot be written
     * @throws InterruptedException if interrupted while waiting for arrivals or workers
     */
    public SeriesOutcome runGroup(StagingRequest request, Map<String, List<InstanceResult>> series,
            StagingListener listener, CancelToken cancel) throws StagingException, InterruptedException {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to run");
        }
        List<InstanceResult> instances = series.values().stream().flatMap(List::stream).toList();
        String targetStudy = request.targetStudyInstanceUid();
        // one series is asked about by its own target series, several by their target study
        String targetSeries = series.size() == 1 ? request.targetUid(series.keySet().iterator().next()) : null;
        Map<String, InstanceResult> todo = new LinkedHashMap<>();
        Map<String, InstanceProgress> done = new ConcurrentHashMap<>();
        for (InstanceResult i : instances) {
            todo.put(i.sopInstanceUid(), i);
        }
        // idempotence: the same key gives the same target UIDs, so what the archive has is not copied again
        try {
            Map<String, String> targets = new LinkedHashMap<>();
            todo.keySet().forEach(s -> targets.put(request.targetUid(s), s));
            Set<String> missing = missing(targetStudy, targetSeries, targets.keySet());
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
            Files.createDirectories(work.resolve("out"));
        } catch (IOException e) {
            throw new StagingException("cannot create a working folder under the spool folder " + spoolFolder, e);
        }
        ExecutorService pool = executor != null ? executor : Executors.newFixedThreadPool(workers, DAEMON);
        GroupRun run = new GroupRun(request, todo, done, listener, work, pool,
                budget != null ? budget : new WorkerBudget(workers));
        try {
            return run.run(List.copyOf(series.keySet()), instances, cancel, skipped, targetStudy, targetSeries);
        } finally {
            run.leaveBudget();
            if (executor == null) {
                pool.shutdownNow();
            }
            FileTrees.deleteQuietly(work); // a leftover is removed with the spool folder
        }
    }

    private static final ThreadFactory DAEMON = r -> {
        Thread t = new Thread(r, "staging-worker");
        t.setDaemon(true);
        return t;
    };

    /**
     * One group of series in flight: the retrieve (on the caller's thread; C-MOVE arrivals on the receiver's threads)
     * hands instances to a queue, workers de-identify and store them, a semaphore bounds the working folder.
     */
    private final class GroupRun implements SourcePacs.Sink {
        private final StagingRequest request;
        private final Map<String, InstanceResult> todo;
        private final Map<String, InstanceProgress> done;
        private final StagingListener listener;
        private final Path out;
        private final Semaphore room = new Semaphore(spoolLimit);
        private final BlockingQueue<Arrival> queue = new LinkedBlockingQueue<>();
        private final Set<String> arrived = ConcurrentHashMap.newKeySet();
        private final Queue<InstanceResult> stored = new ConcurrentLinkedQueue<>();
        /** Why the series failed as a whole; the first reason wins. */
        private final AtomicReference<String> failure = new AtomicReference<>();
        /** Set when the retrieve has ended: workers stop once the queue is empty. */
        private volatile boolean retrieved;
        /**
         * For the FINE line ({@code System.nanoTime}): when the run began, its first instance arrived (0 until then),
         * its retrieve ended and its last instance was stored.
         */
        private final long began = System.nanoTime();
        private volatile long firstArrival;
        private volatile long retrievedAt;
        private long storedAt;
        /** Workers running now (guarded by this). */
        private int active;
        /** Workers submitted and not yet left (guarded by this): grows and shrinks with the group's share. */
        private int launched;
        /** Workers submitted to the executor, and started by it, since the series began. */
        private final java.util.concurrent.atomic.AtomicInteger submitted = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        private final ExecutorService pool;
        private final WorkerBudget budget;
        /**
         * The group's part of the budget (guarded by this), taken at the first arrival: a group whose retrieve waits
         * for the source (a clinical PACS serves a few moves at a time) leaves the workers to the groups receiving.
         */
        private WorkerBudget.Share share;
        /** The submitted workers (guarded by this). */
        private final List<Future<?>> running = new ArrayList<>();
        /** Stops the retrieve: the caller's cancel or a failure. */
        private final CancelToken stop = CancelToken.create();

        GroupRun(StagingRequest request, Map<String, InstanceResult> todo, Map<String, InstanceProgress> done,
                StagingListener listener, Path work, ExecutorService pool, WorkerBudget budget) {
            this.request = request;
            this.pool = pool;
            this.budget = budget;
            // read by the receiver's threads: fixed before the retrieve starts
            this.todo = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(todo));
            this.done = done;
            this.listener = listener;
            this.out = work.resolve("out");
        }

        /** A retrieved instance waiting for a worker, with the receiver's parse of it or null. */
        private record Arrival(InstanceResult instance, String sopClassUid, Path file, DicomFile parsed) {
        }

        /**
         * Queued behind the last arrival when the retrieve has ended; whoever takes it puts it back for the others.
         * Only a wake-up: a worker that misses it still leaves at its next poll, once the retrieve has ended.
         */
        private final Arrival end = new Arrival(null, null, null, null);

        /** Parses held by waiting arrivals (bounded by {@link #PARSES_HELD}). */
        private final java.util.concurrent.atomic.AtomicInteger parsesHeld = new java.util.concurrent.atomic.AtomicInteger();

        SeriesOutcome run(List<String> series, List<InstanceResult> instances, CancelToken cancel,
                int skipped, String targetStudy, String targetSeries) throws StagingException, InterruptedException {
            cancel.onCancel(stop::cancel);
            RetrieveResult got = null;
            try {
                got = source.streamSeries(request.studyInstanceUid(), series, List.copyOf(todo.values()),
                        out.resolveSibling("in"), this, stop);
            } catch (DicomNetworkException | IOException e) {
                failure.compareAndSet(null, source.method() + " failed: " + e.getMessage());
            } finally {
                retrievedAt = System.nanoTime();
                retrieved = true;
                // wakes the workers waiting for an arrival: they leave at once instead of at their next poll
                queue.add(end);
                try {
                    // what is left is worked off here too, so that the series ends even if the executor has not
                    // started every worker (a managed executor may be busy with the receiver's associations)
                    helpUntilEmpty();
                    synchronized (this) {
                        while (active > 0) {
                            wait(100);
                        }
                    }
                    // one the executor has not started yet would only find the queue empty
                    cancelWorkers(false);
                    storedAt = System.nanoTime();
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, "interrupted");
                    stop.cancel();
                    cancelWorkers(true);
                    throw e;
                }
            }
            if (failure.get() != null) {
                return fail(request, instances, done, listener, failure.get(), skipped);
            }
            String notReceived = "not received (" + got.describe() + ")";
            for (InstanceResult i : todo.values()) {
                if (!arrived.contains(i.sopInstanceUid())) {
                    done.put(i.sopInstanceUid(), report(listener, i, request, InstanceState.FAILED, notReceived));
                }
            }
            // verification: the research PACS is asked once for the whole series, not the store responses trusted
            if (!stored.isEmpty()) {
                Set<String> missing;
                try {
                    missing = missing(targetStudy, targetSeries,
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
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine(String.format("run of %d series, %d instances to copy: first arrival after %d ms, retrieve ended "
                        + "after %d ms, all stored after %d ms, verified after %d ms", series.size(), todo.size(),
                        firstArrival == 0 ? -1 : millis(firstArrival), millis(retrievedAt), millis(storedAt),
                        millis(System.nanoTime())));
            }
            return new SeriesOutcome(inOrder(instances, done), skipped);
        }

        private long millis(long nanoTime) {
            return (nanoTime - began) / 1_000_000;
        }

        @Override
        public boolean wanted(String sopInstanceUid) {
            return todo.containsKey(sopInstanceUid) && !arrived.contains(sopInstanceUid);
        }

        @Override
        public int capacity() {
            return spoolLimit;
        }

        @Override
        public boolean reserve(int n) throws InterruptedException {
            if (stop.isCancelled() || failure.get() != null) {
                return false;
            }
            // waits in short steps so that a failure or cancel releases a blocked sender
            while (!room.tryAcquire(n, 100, TimeUnit.MILLISECONDS)) {
                if (stop.isCancelled() || failure.get() != null) {
                    return false;
                }
                if (started.get() < submitted.get()) {
                    // workers the executor has not started yet: the spool must not wait for them
                    helpWithOne();
                }
            }
            if (failure.get() != null) {
                room.release(n);
                return false;
            }
            return true;
        }

        @Override
        public void release(int n) {
            room.release(n);
        }

        @Override
        public void arrived(String sopInstanceUid, String sopClassUid, Path file) {
            arrived(sopInstanceUid, sopClassUid, file, null);
        }

        @Override
        public void arrived(String sopInstanceUid, String sopClassUid, Path file, DicomFile parsed) {
            if (firstArrival == 0) {
                firstArrival = System.nanoTime();
            }
            InstanceResult i = todo.get(sopInstanceUid);
            if (i == null || !arrived.add(sopInstanceUid)) {
                // a duplicate sub-operation: the first one is being processed
                deleteQuietly(file);
                room.release();
                return;
            }
            report(listener, i, request, InstanceState.RETRIEVED, "");
            // the parse saves the worker a second one; beyond the bound a waiting arrival keeps only its file, so
            // that a full spool costs disk, not heap
            if (parsed != null && parsesHeld.incrementAndGet() > PARSES_HELD) {
                parsesHeld.decrementAndGet();
                parsed = null;
            }
            queue.add(new Arrival(i, sopClassUid, file, parsed));
            try {
                grow();
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    if (launched == 0) {
                        // no worker at all: a full spool would hold the retrieve forever
                        failure.compareAndSet(null, "the executor refused the staging workers");
                        stop.cancel();
                    }
                }
                // else the workers there are (and the retrieve's end) work the queue off
            }
        }

        /** A worker: takes arrivals until the retrieve has ended and none is left, each through de-identification and store. */
        private Void work() throws InterruptedException {
            synchronized (this) {
                active++;
            }
            started.incrementAndGet();
            boolean left = false;
            try (StoreSession store = archive.openStore()) {
                while (true) {
                    if (leave()) {
                        left = true;
                        return null;
                    }
                    Arrival a = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (a == end) {
                        queue.add(end);
                        return null;
                    }
                    if (a == null) {
                        if (retrieved) {
                            return null;
                        }
                        continue;
                    }
                    take(a, store);
                }
            } catch (RuntimeException e) {
                // a defect (or a failing listener): the series fails with it instead of hanging
                failure.compareAndSet(null, "a staging worker failed: " + e);
                stop.cancel();
                throw e;
            } finally {
                synchronized (this) {
                    active--;
                    if (!left) {
                        launched--;
                    }
                    notifyAll();
                }
            }
        }

        /** Submits workers until the group has its share (while the retrieve runs), taking the share at first. */
        private synchronized void grow() {
            if (share == null && !retrieved) {
                share = budget.join(workers);
            }
            while (!retrieved && launched < share.workers()) {
                running.add(pool.submit(this::work));
                launched++;
                submitted.incrementAndGet();
            }
        }

        /** True (and counted as gone) if the group has more workers than its share: the caller leaves. */
        private synchronized boolean leave() {
            if (share != null && launched > share.workers()) {
                launched--;
                return true;
            }
            return false;
        }

        /** Gives the group's part of the budget back, if it took one. */
        synchronized void leaveBudget() {
            if (share != null) {
                share.close();
            }
        }

        private synchronized void cancelWorkers(boolean interrupt) {
            running.forEach(f -> f.cancel(interrupt));
        }

        private void take(Arrival a, StoreSession store) {
            if (a.parsed() != null) {
                parsesHeld.decrementAndGet();
            }
            try {
                if (failure.get() == null) {
                    process(a.instance(), a.sopClassUid(), a.file(), a.parsed(), store);
                }
            } finally {
                deleteQuietly(a.file());
                room.release();
            }
        }

        /** Works off one waiting arrival on the calling thread, over a store session of its own; false if none. */
        private boolean helpWithOne() {
            Arrival a = queue.poll();
            if (a == end) {
                queue.add(end);
                return false;
            }
            if (a == null) {
                return false;
            }
            try (StoreSession store = archive.openStore()) {
                take(a, store);
            }
            return true;
        }

        /** Works off what is queued on the calling thread; the end marker stays queued for the workers. */
        private void helpUntilEmpty() {
            StoreSession store = null;
            try {
                for (Arrival a; (a = queue.poll()) != null; ) {
                    if (a == end) {
                        continue;
                    }
                    if (store == null) {
                        store = archive.openStore();
                    }
                    take(a, store);
                }
            } finally {
                queue.add(end);
                if (store != null) {
                    store.close();
                }
            }
        }

        /**
         * De-identifies one arrival in memory and stores it: the data set is encoded onto the store association
         * as it is sent (its pixel data read from the received file), so no de-identified file is written and
         * read back; a session that can only send files uses {@code output} for it. The receiver's parse, when the
         * arrival has one, is de-identified instead of reading the file again.
         */
        private void process(InstanceResult i, String sopClassUid, Path in, DicomFile parsed, StoreSession store) {
            String target = request.targetUid(i.sopInstanceUid());
            Path output = out.resolve(target + ".dcm");
            DeidentifiedInstance d;
            try {
                Deidentifier deidentifier = request.deidentifierFor(sopClassUid, in);
                d = parsed != null ? deidentifier.deidentifyInMemory(parsed, request.subject(), in.getFileName().toString())
                        : deidentifier.deidentifyInMemory(in, request.subject());
            } catch (DeidentificationException e) {
                finish(i, InstanceState.FAILED, "refused by de-identification: " + safeRefusal(e.getMessage(), in));
                return;
            } catch (IOException e) {
                finish(i, InstanceState.FAILED, "refused by de-identification: " + in.getFileName()
                        + ": cannot be written: " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                // a defect or an input the codec does not handle: reported for this instance, the series goes on
                finish(i, InstanceState.FAILED, "refused by de-identification: " + in.getFileName()
                        + ": cannot be processed (" + e.getClass().getSimpleName() + ")");
                return;
            }
            try (d) {
                if (!target.equals(d.result().newSopInstanceUid())) {
                    finish(i, InstanceState.FAILED, "de-identified SOP Instance UID differs from the predicted one");
                    return;
                }
                report(listener, i, request, InstanceState.DEIDENTIFIED, "");
                StoreResult.Instance si;
                try {
                    si = store.store(d.file(), output);
                } catch (DicomNetworkException e) {
                    failure.compareAndSet(null, "store into " + archive.describe() + " failed: " + e.getMessage());
                    stop.cancel();
                    return;
                }
                if (si.stored()) {
                    stored.add(i);
                    report(listener, i, request, InstanceState.STORED, "");
                } else {
                    finish(i, InstanceState.FAILED, "not stored: " + si.reason());
                }
            } finally {
                deleteQuietly(output);
            }
        }

        private void finish(InstanceResult i, InstanceState state, String reason) {
            done.put(i.sopInstanceUid(), report(listener, i, request, state, reason));
        }
    }

    /** Which target instances the archive lacks: one query of the target series, or of the study when it is null. */
    private Set<String> missing(String targetStudy, String targetSeries, java.util.Collection<String> targets)
            throws DicomNetworkException {
        return targetSeries == null ? archive.missing(targetStudy, targets) : archive.missing(targetStudy, targetSeries, targets);
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

    /** One unlink per file: {@code Files.deleteIfExists} also stats it first, for every instance of a cohort. */
    private static void deleteQuietly(Path f) {
        // a file left behind is removed with the group's working folder
        f.toFile().delete();
    }

    /** Builder of {@link StagingPipeline}. */
    public static final class Builder {
        private SourcePacs source;
        private ResearchArchive archive;
        private Path spoolFolder;
        private ExecutorService executor;
        private int workers = DEFAULT_WORKERS;
        private int spoolLimit = DEFAULT_SPOOL_LIMIT;
        private int groupLimit = DEFAULT_GROUP_LIMIT;
        private WorkerBudget budget;

        private Builder() {
        }

        /**
         * @param v the server's budget of workers, shared with every other series running at once: a series gets
         *        its part of it, at most {@link #workers(int)}, following the number of series running. Default: none
         *        (every series gets {@link #workers(int)})
         * @return this
         */
        public Builder workerBudget(WorkerBudget v) { this.budget = v; return this; }

        /** @param v where instances come from @return this */
        public Builder source(SourcePacs v) { this.source = v; return this; }
        /** @param v the research PACS the copy goes to @return this */
        public Builder archive(ResearchArchive v) { this.archive = v; return this; }
        /** @param v the folder for working files (one sub-folder per series run) @return this */
        public Builder spoolFolder(Path v) { this.spoolFolder = v; return this; }

        /**
         * @param v where the workers run (in the server a managed executor); it must be able to run
         *        {@link #workers(int)} tasks at once besides the caller. Default: a pool of the pipeline's own
         *        per series, shut down at its end
         * @return this
         */
        public Builder executor(ExecutorService v) { this.executor = v; return this; }

        /**
         * @param v how many workers de-identify and store at once, per series (default {@value #DEFAULT_WORKERS},
         *        each with its own store association); with a {@link #workerBudget(WorkerBudget)}, the most
         * @return this
         */
        public Builder workers(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("workers must be at least 1, was " + v);
            }
            this.workers = v;
            return this;
        }

        /**
         * @param v the most instances a series keeps in its working folder at once (received, not yet
         *        stored; default {@value #DEFAULT_SPOOL_LIMIT}); the retrieve waits for room
         * @return this
         */
        public Builder spoolLimit(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("spoolLimit must be at least 1, was " + v);
            }
            this.spoolLimit = v;
            return this;
        }

        /**
         * @param v the most instances of consecutive series one run takes together (one retrieve, one verification,
         *        one checkpoint of a batch job; default {@value #DEFAULT_GROUP_LIMIT}); a larger series runs alone, and
         *        1 runs every series alone (for a source that does not take a list of series UIDs in a C-MOVE)
         * @return this
         */
        public Builder groupLimit(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("groupLimit must be at least 1, was " + v);
            }
            this.groupLimit = v;
            return this;
        }

        /** @return the pipeline */
        public StagingPipeline build() {
            return new StagingPipeline(this);
        }
    }
}
