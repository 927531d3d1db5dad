package org.rpb.pacs.core.net;

/**
 * Told about what a {@link StoreReceiver} receives that no {@link Expectation} claimed. Called on
 * the receiver's worker threads; implementations must be thread-safe and return quickly.
 */
public interface ReceiverListener {

    /**
     * An instance arrived complete and checked.
     *
     * @param instance what arrived; the listener owns the file from now on
     */
    void received(ReceivedInstance instance);

    /**
     * Something was refused or discarded: an unknown calling AE, or an instance that failed the check
     * (its partial file is already deleted). The default does nothing.
     *
     * @param callingAeTitle the peer's AE title, or "" if unknown
     * @param reason         what was wrong, without patient data
     */
    default void refused(String callingAeTitle, String reason) {
    }
}
