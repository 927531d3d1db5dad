package org.rpb.pacs.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import org.rpb.pacs.core.net.DimseClient;
import org.rpb.pacs.core.net.Expectation;
import org.rpb.pacs.core.net.FindQuery;
import org.rpb.pacs.core.net.InstanceCheck;
import org.rpb.pacs.core.net.InstanceResult;
import org.rpb.pacs.core.net.PacsNode;
import org.rpb.pacs.core.net.QueryLevel;
import org.rpb.pacs.core.net.ReceivedInstance;
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
     * Lists the instances of a study, or of some of its series (IMAGE-level C-FIND).
     *
     * @param studyInstanceUid the study
     * @param seriesInstanceUids the series, or empty for the whole study
     * @return the instances, grouped by series in query order
     * @throws DicomNetworkException if the node cannot be queried
     */
    public List<InstanceResult> instances(String studyInstanceUid, Collection<String> seriesInstanceUids)
            throws DicomNetworkException {
        FindQuery.Builder q = FindQuery.builder(QueryLevel.IMAGE).studyInstanceUid(studyInstanceUid);
        if (!seriesInstanceUids.isEmpty()) {
            // a UID list keeps it to one query whatever the number of series
            q.seriesInstanceUid(String.join("\\", seriesInstanceUids));
        }
        return client.findInstances(q.build());
    }

    /**
     * Retrieves one series into a folder.
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
        Files.createDirectories(folder);
        FindQuery q = FindQuery.builder(QueryLevel.SERIES).studyInstanceUid(studyInstanceUid)
                .seriesInstanceUid(seriesInstanceUid).build();
        Map<String, Path> files = new LinkedHashMap<>();
        RetrieveResult r;
        if (receiver == null) {
            Set<String> classes = new LinkedHashSet<>();
            expected.forEach(i -> {
                if (!i.sopClassUid().isEmpty()) {
                    classes.add(i.sopClassUid());
                }
            });
            r = client.get(q, classes, folder, p -> { }, cancel);
            for (InstanceResult i : expected) {
                Path f = folder.resolve(InstanceCheck.fileName(i.sopInstanceUid()));
                if (Files.isRegularFile(f)) {
                    files.put(i.sopInstanceUid(), f);
                }
            }
        } else {
            // naming our calling AE title as move originator binds the expectation to this C-MOVE's Message ID,
            // so two jobs moving the same series from the same PACS at once do not take each other's instances
            PacsNode node = client.node();
            try (Expectation e = receiver.expect(new Expectation("move of series " + seriesInstanceUid,
                    node.aeTitle(), studyInstanceUid, seriesInstanceUid, node.callingAeTitle()))) {
                r = client.move(q, receiver.aeTitle(), e, p -> { }, cancel);
                // sub-operations are answered before the final response, but the receiver may still be renaming
                List<ReceivedInstance> got = e.await(Math.max(r.completed() + r.warning(), 0), arrivalTimeout);
                for (ReceivedInstance i : got) {
                    Path f = folder.resolve(InstanceCheck.fileName(i.sopInstanceUid()));
                    Files.move(i.file(), f, StandardCopyOption.REPLACE_EXISTING);
                    files.put(i.sopInstanceUid(), f);
                }
            }
        }
        return new Retrieved(files, r);
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
