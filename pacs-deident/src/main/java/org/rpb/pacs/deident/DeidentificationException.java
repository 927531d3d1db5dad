package org.rpb.pacs.deident;

/**
 * An instance that was refused: damaged, of another patient, with burned-in text that cannot be masked, with a
 * value the file's character set cannot hold, or a rule that needs a value the context does not give. The
 * message names the file and the reason, never a patient's value.
 */
public class DeidentificationException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the file and the reason
     */
    public DeidentificationException(String message) {
        super(message);
    }

    /**
     * @param message the file and the reason
     * @param cause the underlying problem
     */
    public DeidentificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
