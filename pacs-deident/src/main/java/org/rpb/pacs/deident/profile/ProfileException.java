package org.rpb.pacs.deident.profile;

/** A profile table or option set that cannot be used; the message names the source, line and reason. */
public class ProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where
     */
    public ProfileException(String message) {
        super(message);
    }
}
