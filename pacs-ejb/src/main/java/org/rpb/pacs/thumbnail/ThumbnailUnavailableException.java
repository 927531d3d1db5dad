package org.rpb.pacs.thumbnail;

/**
 * No picture can be made for a series: none of its instances could be had, or the one chosen cannot be read. The
 * message says which series (by UID) and why in words for the page, never with patient data.
 */
public class ThumbnailUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is missing or unreadable
     * @param cause   the underlying failure, or null
     */
    public ThumbnailUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
