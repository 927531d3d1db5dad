package org.rpb.pacs.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rpb.pacs.core.net.CancelToken;
import org.rpb.pacs.core.net.DicomNetwork;
import org.rpb.pacs.core.net.DicomNetworkException;
import org.rpb.pacs.core.net.DicomStatus;
import org.rpb.pacs.core.net.Operation;
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.Expectation;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.InstanceCheck;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.dict.Tags;
import org.rpb.pacs.core.net.ReceivedInstance;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.FileTrees;
import org.rpb.pacs.core.net.RetrieveResult;
import org.rpb.pacs.core.net.StoreReceiver;

/**
 * The PACS a run copies from (the clinical PACS for staging, the research PACS for a project copy)
 * and how instances come from it: C-GET with only the storage SOP classes the series holds, or C-MOVE
 * to the module's own receiver with an {@link Expectation} that claims exactly the sub-operations of that
 * C-MOVE (the series, from this node, with our calling AE title as move originator and the move's Message ID).
 * Immutable and thread-safe.
 */
public final class SourcePacs {
    /** Instances per C-GET when a series is retrieved in parts (one association each). */
    private static final int GET_CHUNK = 100;
    private final DimseClient client;
    private final StoreReceiver receiver;
    private final Duration arrivalTimeout;

    private SourcePacs(DimseClient client, StoreReceiver receiver, Duration arrivalTimeout) {
        this.client = client;
        this.receiver = receiver;
        this.arrivalTimeout = arrivalTimeout;
    }

    /**
     * @param node the source node
     * @return a source retrieved from with C-GET (no receiver port needed)
     */
    public static SourcePacs cGet(PacsNode node) {
        return new SourcePacs(DicomNetwork.dimse(node), null, Duration.ZERO);
    }

    /**
     * @param node     the source node; it must know the receiver's AE title as a move destination
     * @param receiver the module's running C-STORE receiver
     * @param arrivalTimeout how long to wait, after the move's final response, for instances still being
     *                       written by the receiver
     * @return a source retrieved from with C-MOVE
     */
    public static SourcePacs cMove(PacsNode node, StoreReceiver receiver, Duration arrivalTimeout) {
        return new SourcePacs(DicomNetwork.dimse(node), Objects.requireNonNull(receiver, "receiver"),
                Objects.requireNonNull(arrivalTimeout, "arrivalTimeout"));
    }

    /** @return the node, for messages */
    public PacsNode node() {
        return client.node();
    }

    /** @return "C-MOVE" or "C-GET" */
    public String method() {
        return receiver == null ? "C-GET" : "C-MOVE";
    }

    /**
     * Lists the instances of a study, or of some of its series (IMAGE-level C-FIND). For a C-MOVE source the
     * SOP classes are not asked for ({@link InstanceResult#sopClassUid()} is empty then).
     *
     * @param studyInstanceUid the study
     * @param seriesInstanceUids the series, or empty for the whole study
     * @return the instances, grouped by series in query order
     * @throws DicomNetworkException if the node cannot be queried
     */
    public List<InstanceResult> instances(String studyInstanceUid, Collection<String> seriesInstanceUids)
            throws DicomNetworkException {
        FindQuery.Builder q = FindQuery.builder(QueryLevel.IMAGE).studyInstanceUid(studyInstanceUid);
        if (receiver != null) {
            // a C-MOVE needs no SOP classes (each received file names its own), and a PACS may have to read
            // every file of the study to answer them (Orthanc does)
            q.withoutReturnKey(Tags.SOPClassUID.value());
        }
        if (!seriesInstanceUids.isEmpty()) {
            // a UID list keeps it to one query whatever the number of series
            q.seriesInstanceUid(String.join("\\", seriesInstanceUids));
        }
        return client.findInstances(q.build());
    }

    /**
     * Retrieves one series into a folder, all at once (for callers that need the whole series before they
     * go on; {@link #streamSeries} hands instances over as they arrive).
     *
     * @param studyInstanceUid its study
     * @param seriesInstanceUid the series
     * @param expected the instances the listing reported for it
     * @param folder the job's folder for this series (created if missing)
     * @param cancel lets the job stop the retrieve
     * @return the files that arrived, by SOP Instance UID, and the retrieve's outcome
     * @throws DicomNetworkException if the node refuses or breaks off the retrieve
     * @throws IOException if the folder cannot be written
     * @throws InterruptedException if the wait for arrivals is interrupted
     */
    public Retrieved retrieveSeries(String studyInstanceUid, String seriesInstanceUid, List<InstanceResult> expected,
            Path folder, CancelToken cancel) throws DicomNetworkException, IOException, InterruptedException {
        Map<String, Path> files = new java.util.concurrent.ConcurrentHashMap<>();
        RetrieveResult r = streamSeries(studyInstanceUid, seriesInstanceUid, expected, folder, new Sink() {
            @Override
            public void arrived(String sopInstanceUid, String sopClassUid, Path file) {
                files.put(sopInstanceUid, file);
            }
        }, cancel);
        Map<String, Path> ordered = new LinkedHashMap<>();
        for (InstanceResult i : expected) {
            if (files.containsKey(i.sopInstanceUid())) {
                ordered.put(i.sopInstanceUid(), files.get(i.sopInstanceUid()));
            }
        }
        return new Retrieved(ordered, r);
    }

    /**
     * Where a streamed retrieve puts each instance as it arrives, and how it is slowed down. A sink is
     * called from the thread that receives the instance (the receiver's, for C-MOVE), possibly from
     * several at once, while the retrieve runs.
     */
    public interface Sink {
        /**
         * @param sopInstanceUid an instance about to be handed over
         * @return whether the job wants it (an unwanted one is deleted at once and takes no room)
         */
        default boolean wanted(String sopInstanceUid) {
            return true;
        }

        /**
         * Waits until the job has room for {@code n} more instances in its working folder (back-pressure:
         * meanwhile the sender waits).
         *
         * @param n how many
         * @return false if the job no longer takes instances (cancelled or failed); nothing was reserved then
         * @throws InterruptedException if interrupted while waiting
         */
        default boolean reserve(int n) throws InterruptedException {
            return true;
        }

        /** @return the most instances the job ever holds at once (C-GET asks for at most half of it at a time) */
        default int capacity() {
            return Integer.MAX_VALUE;
        }

        /** @param n reserved places that no instance took (not received) */
        default void release(int n) {
        }

        /**
         * @param sopInstanceUid the source SOP Instance UID
         * @param sopClassUid its SOP class (from the received file, or the listing for C-GET)
         * @param file the complete, checked file in the series folder; the sink owns it now and it holds one
         *        reserved place
         */
        void arrived(String sopInstanceUid, String sopClassUid, Path file);

        /**
         * An arrival with the receiver's parse of it (C-MOVE); by default the parse is dropped.
         *
         * @param sopInstanceUid the source SOP Instance UID
         * @param sopClassUid its SOP class
         * @param file the complete, checked file, as in {@link #arrived(String, String, Path)}
         * @param parsed the receiver's parse of {@code file} (bulk data referring to it), owned by the sink now;
         *        null if none was kept
         */
        default void arrived(String sopInstanceUid, String sopClassUid, Path file, DicomFile parsed) {
            arrived(sopInstanceUid, sopClassUid, file);
        }
    }

    /**
     * Retrieves one series, handing each instance to the sink as it arrives; see
     * {@link #streamSeries(String, List, List, Path, Sink, CancelToken)}.
     *
     * @param studyInstanceUid its study
     * @param seriesInstanceUid the series
     * @param expected the instances to retrieve, as the listing reported them
     * @param folder the job's folder for this series (created if missing)
     * @param sink takes each instance
     * @param cancel lets the job stop the retrieve
     * @return the retrieve's outcome
     * @throws DicomNetworkException if the node refuses or breaks off the retrieve
     * @throws IOException if the folder cannot be written
     * @throws InterruptedException if the wait for arrivals is interrupted
     */
    public RetrieveResult streamSeries(String studyInstanceUid, String seriesInstanceUid, List<InstanceResult> expected,
            Path folder, Sink sink, CancelToken cancel) throws DicomNetworkException, IOException, InterruptedException {
        return streamSeries(studyInstanceUid, List.of(seriesInstanceUid), expected, folder, sink, cancel);
    }

    /**
     * Retrieves some series of a study together, handing each instance to the sink as it arrives. C-MOVE: one
     * SERIES-level C-MOVE naming all of them (list of UID matching), so the source opens one association for
     * them; the receiver hands over each sub-operation's instance while the move runs, and a sink that waits
     * for room holds the sub-operation's response, so the sender waits. C-GET: series after series, instances
     * in chunks of at most {@code chunk} (one IMAGE-level C-GET of their UIDs each; a series that fits is
     * retrieved at SERIES level), room for a chunk being reserved before it is asked for.
     *
     * @param studyInstanceUid their study
     * @param seriesInstanceUids the series, at least one
     * @param expected the instances to retrieve, as the listing reported them
     * @param folder the job's folder for these series (created if missing)
     * @param sink takes each instance
     * @param cancel lets the job stop the retrieve
     * @return the retrieve's outcome (for C-GET, the counts added up and the last status)
     * @throws DicomNetworkException if the node refuses or breaks off the retrieve
     * @throws IOException if the folder cannot be written
     * @throws InterruptedException if the wait for arrivals is interrupted
     */
    public RetrieveResult streamSeries(String studyInstanceUid, List<String> seriesInstanceUids,
            List<InstanceResult> expected, Path folder, Sink sink, CancelToken cancel)
            throws DicomNetworkException, IOException, InterruptedException {
        if (seriesInstanceUids.isEmpty()) {
            throw new IllegalArgumentException("no series to retrieve");
        }
        Files.createDirectories(folder);
        if (receiver == null) {
            return getInChunks(studyInstanceUid, seriesInstanceUids, expected, folder, sink, cancel);
        }
        // naming our calling AE title as move originator binds the expectation to this C-MOVE's Message ID,
        // so two jobs moving the same series from the same PACS at once do not take each other's instances;
        // for several series it claims the study's arrivals of this move, and the sink keeps the expected ones
        PacsNode node = client.node();
        boolean one = seriesInstanceUids.size() == 1;
        String label = one ? "move of series " + seriesInstanceUids.get(0)
                : "move of " + seriesInstanceUids.size() + " series of study " + studyInstanceUid;
        try (Expectation e = receiver.expect(new Expectation(label, node.aeTitle(), studyInstanceUid,
                one ? seriesInstanceUids.get(0) : null, node.callingAeTitle()))) {
            e.handOver(i -> handOver(i, folder, sink));
            RetrieveResult r = client.move(FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(studyInstanceUid)
                    .seriesInstanceUid(String.join("\\", seriesInstanceUids)).build(), receiver.aeTitle(), e,
                    p -> { }, cancel);
            // sub-operations are answered after the hand-over; this only guards a receiver still finishing one
            e.await(Math.max(r.completed() + r.warning(), 0), arrivalTimeout);
            return r;
        }
    }

    /** Takes one C-MOVE arrival over from the receiver's spool folder, on the receiver's thread. */
    private static void handOver(ReceivedInstance i, Path folder, Sink sink) throws InterruptedException {
        boolean reserved = false;
        try {
            if (!sink.wanted(i.sopInstanceUid()) || !(reserved = sink.reserve(1))) {
                Files.deleteIfExists(i.file());
                return;
            }
            Path f = folder.resolve(InstanceCheck.fileName(i.sopInstanceUid()));
            FileTrees.replaceFile(i.file(), f);
            reserved = false;
            sink.arrived(i.sopInstanceUid(), i.sopClassUid(), f, i.at(f).parsed());
        } catch (IOException e) {
            // reported by the job as not received; the receiver's folder is the module's own
            deleteQuietly(i.file());
        } finally {
            if (reserved) {
                sink.release(1);
            }
        }
    }

    private RetrieveResult getInChunks(String studyInstanceUid, List<String> seriesInstanceUids,
            List<InstanceResult> expected, Path folder, Sink sink, CancelToken cancel)
            throws DicomNetworkException, IOException, InterruptedException {
        Map<String, List<InstanceResult>> bySeries = new LinkedHashMap<>();
        expected.forEach(i -> bySeries.computeIfAbsent(i.seriesInstanceUid(), k -> new ArrayList<>()).add(i));
        Counts counts = new Counts();
        for (String seriesInstanceUid : seriesInstanceUids) {
            if (!getSeriesInChunks(studyInstanceUid, seriesInstanceUid, bySeries.getOrDefault(seriesInstanceUid, List.of()),
                    folder, sink, cancel, counts)) {
                break;
            }
        }
        if (counts.last == null) {
            return new RetrieveResult(client.node().describe(), Operation.GET, DicomStatus.CANCEL, 0, 0, 0, true, List.of());
        }
        return new RetrieveResult(counts.last.node(), Operation.GET, counts.last.status(), counts.completed, counts.failed,
                counts.warning, counts.last.cancelled() || cancel.isCancelled(), List.of());
    }

    /** The C-GETs' counts added up, and the last one's outcome. */
    private static final class Counts {
        int completed;
        int failed;
        int warning;
        RetrieveResult last;
    }

    /**
     * One series' C-GETs, chunk after chunk (at SERIES level when one chunk holds the whole series).
     *
     * @return false if the sink no longer takes instances (the group's retrieve stops)
     */
    private boolean getSeriesInChunks(String studyInstanceUid, String seriesInstanceUid, List<InstanceResult> ofSeries,
            Path folder, Sink sink, CancelToken cancel, Counts counts)
            throws DicomNetworkException, InterruptedException {
        int chunk = Math.max(1, Math.min(GET_CHUNK, sink.capacity() / 2));
        List<InstanceResult> wanted = ofSeries.stream().filter(i -> sink.wanted(i.sopInstanceUid())).toList();
        for (int start = 0; start < wanted.size() && !cancel.isCancelled(); start += chunk) {
            List<InstanceResult> part = wanted.subList(start, Math.min(wanted.size(), start + chunk));
            if (!sink.reserve(part.size())) {
                return false;
            }
            int taken = 0;
            try {
                Set<String> classes = new LinkedHashSet<>();
                part.forEach(i -> {
                    if (!i.sopClassUid().isEmpty()) {
                        classes.add(i.sopClassUid());
                    }
                });
                FindQuery.Builder q = FindQuery.builder(part.size() == ofSeries.size() ? QueryLevel.SERIES : QueryLevel.IMAGE)
                        .studyInstanceUid(studyInstanceUid).seriesInstanceUid(seriesInstanceUid);
                if (part.size() != ofSeries.size()) {
                    q.sopInstanceUid(String.join("\\", part.stream().map(InstanceResult::sopInstanceUid).toList()));
                }
                RetrieveResult r = client.get(q.build(), classes, folder, p -> { }, cancel);
                counts.last = r;
                counts.completed += r.completed();
                counts.failed += r.failed();
                counts.warning += r.warning();
                for (InstanceResult i : part) {
                    Path f = folder.resolve(InstanceCheck.fileName(i.sopInstanceUid()));
                    if (Files.isRegularFile(f)) {
                        taken++;
                        sink.arrived(i.sopInstanceUid(), i.sopClassUid(), f);
                    }
                }
            } finally {
                sink.release(part.size() - taken);
            }
        }
        return true;
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // the receiver's spool folder is cleaned with the module's
        }
    }

    /**
     * What one series retrieve gave.
     *
     * @param files the files that arrived, by source SOP Instance UID
     * @param result the C-MOVE or C-GET outcome (counts, status)
     */
    public record Retrieved(Map<String, Path> files, RetrieveResult result) {
        /** Copies the map. */
        public Retrieved {
            files = Map.copyOf(files);
        }
    }
}
