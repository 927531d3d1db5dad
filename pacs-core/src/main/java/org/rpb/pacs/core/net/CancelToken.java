package org.rpb.pacs.core.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets a caller cancel a running C-FIND, C-MOVE or C-GET from any thread. The client sends a
 * C-CANCEL for the running request; the operation then ends with a result marked cancelled (or a
 * cancel status). One token per operation; thread-safe.
 */
public final class CancelToken {
    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    /** @return a token that nobody has cancelled yet */
    public static CancelToken create() {
        return new CancelToken();
    }

    /** @return a token that is never cancelled by the caller (timeouts still cancel) */
    public static CancelToken none() {
        return new CancelToken();
    }

    /** Requests cancellation; runs the registered actions once. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(actions);
        }
        toRun.forEach(Runnable::run);
    }

    /** @return true once {@link #cancel()} was called */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * Registers what cancelling does (used by the client implementation); runs it at once if
     * already cancelled.
     *
     * @param action sends the C-CANCEL
     */
    public void onCancel(Runnable action) {
        boolean runNow;
        synchronized (this) {
            runNow = cancelled;
            if (!runNow) {
                actions.add(action);
            }
        }
        if (runNow) {
            action.run();
        }
    }
}
