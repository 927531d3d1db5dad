package org.rpb.pacs.core.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rpb.pacs.core.io.DicomFile;
import org.rpb.pacs.core.io.DicomWriter;

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

    /**
     * Sends one instance held in memory (a data set whose bulk data may still refer to the file it was read
     * from), as {@link #store(Path)} would send it written to a Part 10 file. A session that can encode the
     * data set straight onto the connection does so (no file written, none read back); this default writes
     * it to {@code scratch} first, stores that file and deletes it.
     *
     * @param instance the instance: its data set carries SOP Class and SOP Instance UID and is sent in the
     *        instance's transfer syntax
     * @param scratch where a session that can only send files may write it (its folder must exist); nothing is
     *        left there when this returns
     * @return its outcome (its file is {@code scratch}); an instance that cannot be encoded or whose SOP class
     *         and transfer syntax the node refuses is reported here, not thrown
     * @throws DicomNetworkException as {@link #store(Path)}
     */
    default StoreResult.Instance store(DicomFile instance, Path scratch) throws DicomNetworkException {
        try {
            try {
                DicomWriter.create().write(instance, scratch);
            } catch (IOException e) {
                return new StoreResult.Instance(scratch, "", DicomStatus.NONE, "not sent: " + e.getMessage());
            }
            return store(scratch);
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException ignored) {
                // the caller's folder; removed with it
            }
        }
    }

    /** Releases the open associations. */
    @Override
    void close();
}
