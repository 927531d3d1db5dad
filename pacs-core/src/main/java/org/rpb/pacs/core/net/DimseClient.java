package org.rpb.pacs.core.net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * DIMSE service user for one remote node: verification, Study Root query/retrieve and storage.
 * Obtain one from {@link DicomNetwork#dimse(PacsNode)}. Each call opens its own association and
 * releases it before returning, so an instance may be shared between threads.
 *
 * <p>Every failure (unreachable node, rejected association, failure status, timeout, dropped
 * connection) is a {@link DicomNetworkException} naming the node, the operation and the status.
 */
public interface DimseClient {

    /** @return the node this client talks to */
    PacsNode node();

    /**
     * C-ECHO.
     *
     * @throws DicomNetworkException if the node cannot be reached, rejects us or answers a non-success status
     */
    void echo() throws DicomNetworkException;

    /**
     * C-FIND with the Study Root model (Patient Root for PATIENT level), streaming matches.
     *
     * @param query  the identifier
     * @param sink   receives each match as it arrives, on the calling thread
     * @param cancel lets the caller (or the sink) stop the query with a C-CANCEL
     * @return the final status (success, or cancel if cancelled)
     * @throws DicomNetworkException on failure or timeout
     */
    int find(FindQuery query, Consumer<FindMatch> sink, CancelToken cancel) throws DicomNetworkException;

    /**
     * C-FIND collecting all matches.
     *
     * @param query the identifier
     * @return matches in arrival order
     * @throws DicomNetworkException on failure or timeout
     */
    default List<FindMatch> find(FindQuery query) throws DicomNetworkException {
        List<FindMatch> out = new ArrayList<>();
        find(query, out::add, CancelToken.none());
        return out;
    }

    /** @return patient-level matches @throws DicomNetworkException on failure */
    default List<PatientResult> findPatients(FindQuery query) throws DicomNetworkException {
        return find(requireLevel(query, QueryLevel.PATIENT)).stream().map(PatientResult::of).toList();
    }

    /** @return study-level matches @throws DicomNetworkException on failure */
    default List<StudyResult> findStudies(FindQuery query) throws DicomNetworkException {
        return find(requireLevel(query, QueryLevel.STUDY)).stream().map(StudyResult::of).toList();
    }

    /** @return series-level matches @throws DicomNetworkException on failure */
    default List<SeriesResult> findSeries(FindQuery query) throws DicomNetworkException {
        return find(requireLevel(query, QueryLevel.SERIES)).stream().map(SeriesResult::of).toList();
    }

    /** @return instance-level matches @throws DicomNetworkException on failure */
    default List<InstanceResult> findInstances(FindQuery query) throws DicomNetworkException {
        return find(requireLevel(query, QueryLevel.IMAGE)).stream().map(InstanceResult::of).toList();
    }

    /**
     * C-MOVE of what the identifier selects to a named destination AE.
     *
     * @param query       identifier at STUDY, SERIES or IMAGE level with the UIDs to move
     * @param destination the move destination AE title (known to the node)
     * @param progress    receives each pending response's counts, on the calling thread
     * @param cancel      lets the caller stop the move with a C-CANCEL
     * @return the final status and counts; a warning or failed sub-operation is reported here, not thrown
     * @throws DicomNetworkException if the node cannot be reached, refuses the move with a failure
     *                               status (e.g. unknown destination), times out or drops the connection
     */
    RetrieveResult move(FindQuery query, String destination, Consumer<MoveProgress> progress, CancelToken cancel)
            throws DicomNetworkException;

    /**
     * C-MOVE whose sub-operations are claimed by one expectation of our receiver: the request is
     * sent with the Message ID the receiver bound the expectation to when it was registered
     * ({@link StoreReceiver#expect}), so instances of another, concurrent move of the same study go
     * elsewhere.
     *
     * @param query       as for {@link #move(FindQuery, String, Consumer, CancelToken)}
     * @param destination the move destination AE title (our receiver's)
     * @param expectation registered with the receiver, naming our calling AE title as move originator
     * @param progress    receives each pending response's counts
     * @param cancel      lets the caller stop the move with a C-CANCEL
     * @return the final status and counts
     * @throws DicomNetworkException as for {@link #move(FindQuery, String, Consumer, CancelToken)}
     * @throws IllegalArgumentException if the expectation names another move originator than our calling AE title
     * @throws IllegalStateException if the expectation was not registered with a receiver (has no Message ID)
     */
    RetrieveResult move(FindQuery query, String destination, Expectation expectation, Consumer<MoveProgress> progress,
                        CancelToken cancel) throws DicomNetworkException;

    /**
     * C-GET into a folder. Only the presentation contexts for the given storage SOP classes are
     * proposed (a full list makes peers refuse the association).
     *
     * @param query          identifier at STUDY, SERIES or IMAGE level
     * @param sopClassUids   storage SOP classes to accept (e.g. from an IMAGE-level C-FIND); empty for a default set
     * @param targetFolder   where complete, checked Part 10 files are placed (named by SOP Instance UID)
     * @param progress       receives each pending response's counts
     * @param cancel         lets the caller stop the retrieve
     * @return the final status, counts and files
     * @throws DicomNetworkException as for {@link #move}
     */
    RetrieveResult get(FindQuery query, Set<String> sopClassUids, Path targetFolder, Consumer<MoveProgress> progress,
                       CancelToken cancel) throws DicomNetworkException;

    /**
     * C-STORE of Part 10 files in their own transfer syntax (no transcoding); one association for
     * the set (more if the set needs more than 128 presentation contexts).
     *
     * @param files Part 10 files
     * @return one outcome per file
     * @throws DicomNetworkException if the node cannot be reached, rejects the association, or the
     *                               connection drops (the exception names how many were stored)
     */
    StoreResult store(Collection<Path> files) throws DicomNetworkException;

    /**
     * A session that stores files one by one over associations kept open until it is closed.
     *
     * @return a new session (opens no association before its first file)
     */
    StoreSession openStore();

    private static FindQuery requireLevel(FindQuery q, QueryLevel level) {
        if (q.level() != level) {
            throw new IllegalArgumentException("query level is " + q.level() + ", expected " + level);
        }
        return q;
    }
}
