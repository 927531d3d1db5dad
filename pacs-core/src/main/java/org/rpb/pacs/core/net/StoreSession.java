package org.rpb.pacs.core.net;

import java.nio.file.Path;

/**
 * Stores files one at a time over associations that stay open until {@link #close()} (one per SOP class
 * and transfer syntax met, a few at most), so that a job streaming many instances to one node does not
 * pay an association per instance. Obtain one from {@link DimseClient#openStore()}. Not thread-safe: one
 * session per thread.
 */
public interface StoreSession extends AutoCloseable {

    /**
     * Sends one Part 10 file as encoded (C-STORE) and waits for its response.
     *
     * @param file the file
     * @return its outcome; a file that cannot be read or whose SOP class and transfer syntax the node
     *         refuses is reported here, not thrown
     * @throws DicomNetworkException if the node cannot be reached, does not answer in time or the
     *                               association breaks (the session then holds no association for it and
     *                               opens a new one on the next call)
     */
    StoreResult.Instance store(Path file) throws DicomNetworkException;

    /** Releases the open associations. */
    @Override
    void close();
}
