package org.rpb.pacs.web.message;

import org.omnifaces.util.Faces;
import org.omnifaces.util.Messages;

/**
 * Adds messages to the page (the layout's growl) through OmniFaces {@link Messages}. Failures go through
 * {@link FailureMessages}, the one place that decides what the user reads about them. Texts are added verbatim
 * (no message format parameters), so that braces or quotes in them stay as they are.
 */
public final class PageMessages {

    private PageMessages() {
    }

    /**
     * Shows what went wrong.
     *
     * @param failure what a service or a value object threw
     */
    public static void failure(Throwable failure) {
        show(FailureMessages.of(null, failure));
    }

    /**
     * Shows what went wrong under a first line that says what was not done.
     *
     * @param action  e.g. "Node not saved"
     * @param failure what a service or a value object threw
     */
    public static void failure(String action, Throwable failure) {
        show(FailureMessages.of(action, failure));
    }

    /**
     * Shows what went wrong on the page the current request redirects to.
     *
     * @param failure what a service threw
     */
    public static void failureOnNextPage(Throwable failure) {
        add(FailureMessages.of(null, failure), true);
    }

    /**
     * Opens the jobs page with a message on it, after a job was started.
     *
     * @param started e.g. "Staging job 12 started"
     */
    public static void toJobsPage(String started) {
        Messages.addFlashGlobalInfo(started);
        Faces.redirect("jobs/index.xhtml");
    }

    /** @param message the message to add to the current request's page */
    public static void show(PageMessage message) {
        add(message, false);
    }

    private static void add(PageMessage message, boolean flash) {
        Messages.Message m = Messages.create(message.summary());
        if (flash) {
            m.flash();
        }
        if (message.detail() != null) {
            m.detail(message.detail());
        }
        switch (message.severity()) {
            case WARN -> m.warn();
            case ERROR -> m.error();
            case INFO -> {
                // the builder's default
            }
        }
        m.add();
    }
}
