package org.rpb.pacs.web.message;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.ejb.EJBAccessException;

import org.rpb.pacs.admin.PreviewException;
import org.rpb.pacs.job.JobRefusedException;
import org.rpb.pacs.node.ArchiveUnavailableException;
import org.rpb.pacs.node.NodeNotFoundException;
import org.rpb.pacs.portal.DicomNotEnabledException;
import org.rpb.pacs.portal.NoActiveScopeException;
import org.rpb.pacs.portal.ScopeNotAccessibleException;
import org.rpb.pacs.profile.InvalidProfileException;
import org.rpb.pacs.profile.ProfileVersionNotFoundException;
import org.rpb.pacs.record.NotInScopeException;
import org.rpb.pacs.thumbnail.ThumbnailUnavailableException;
import org.rpb.pacs.upload.SlotNotFoundException;
import org.rpb.pacs.upload.UploadFailedException;
import org.rpb.pacs.upload.UploadRefusedException;

/**
 * The one mapping from what a service threw to what the page says. The services' domain exceptions carry messages
 * written for the user without patient data, and are shown as they are: refusals (not in the active study and site,
 * not allowed, not possible as asked) as warnings, failures (a PACS that did not answer, files that cannot be read)
 * as errors. {@link IllegalArgumentException} is the value objects' validation of a form ("aeTitle has a character
 * not allowed …") and is shown too. Anything else is a server fault: the page gets a fixed text, and the log the
 * exception's class names only, because infrastructure messages may hold paths, file names or values.
 */
public final class FailureMessages {

    private static final Logger LOG = Logger.getLogger(FailureMessages.class.getName());

    /** Domain refusals: the message says what to change. */
    private static final List<Class<? extends Exception>> REFUSALS = List.of(NoActiveScopeException.class,
            DicomNotEnabledException.class, ScopeNotAccessibleException.class, SlotNotFoundException.class,
            NotInScopeException.class, UploadRefusedException.class, JobRefusedException.class,
            NodeNotFoundException.class, ProfileVersionNotFoundException.class);

    /** Domain failures and form validation: the message says what went wrong. */
    private static final List<Class<? extends Exception>> FAILURES = List.of(ArchiveUnavailableException.class,
            UploadFailedException.class, ThumbnailUnavailableException.class, PreviewException.class,
            InvalidProfileException.class, IllegalArgumentException.class);

    /** What {@code Objects.requireNonNull(value, "field")} names. */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,40}");

    /** The text for {@link EJBAccessException}, whose own message names beans and methods. */
    static final String NOT_ALLOWED = "Your roles do not allow this in the active study and site";

    /** The text for a server fault. */
    static final String SERVER_FAULT = "The server could not do this; the fault is in its log";

    private FailureMessages() {
    }

    /**
     * @param action  what was being done, as the page's first line (e.g. "Node not saved"), or null to make the
     *                failure's text the first line
     * @param failure what a service or a value object threw
     * @return the message to show
     */
    public static PageMessage of(String action, Throwable failure) {
        PageMessage.Severity severity;
        String text;
        if (isOneOf(failure, REFUSALS)) {
            severity = PageMessage.Severity.WARN;
            text = failure.getMessage();
        } else if (failure instanceof EJBAccessException) {
            severity = PageMessage.Severity.WARN;
            text = NOT_ALLOWED;
        } else if (isOneOf(failure, FAILURES)) {
            severity = PageMessage.Severity.ERROR;
            text = failure.getMessage();
        } else if (failure instanceof NullPointerException && failure.getMessage() != null
                && FIELD.matcher(failure.getMessage()).matches()) {
            severity = PageMessage.Severity.ERROR;
            text = failure.getMessage() + " is required";
        } else {
            severity = PageMessage.Severity.ERROR;
            text = SERVER_FAULT;
            LOG.log(Level.WARNING, () -> "page action " + (action == null ? "" : "'" + action + "' ") + "failed: "
                    + classNames(failure));
        }
        if (text == null || text.isBlank()) {
            text = SERVER_FAULT;
        }
        return action == null ? new PageMessage(severity, text, null) : new PageMessage(severity, action, text);
    }

    private static boolean isOneOf(Throwable t, List<Class<? extends Exception>> types) {
        return types.stream().anyMatch(c -> c.isInstance(t));
    }

    /** The chain of causes by class name: enough to find the fault, with no message that could hold data. */
    static String classNames(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            b.append(b.isEmpty() ? "" : " <- ").append(c.getClass().getName());
        }
        return b.toString();
    }
}
