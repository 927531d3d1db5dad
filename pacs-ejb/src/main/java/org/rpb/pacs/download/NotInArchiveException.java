package org.rpb.pacs.download;

import java.io.IOException;

/** The research archive does not hold the study or series asked for (names UIDs only, never patient data). */
public final class NotInArchiveException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is missing and where */
    public NotInArchiveException(String message) {
        super(message);
    }
}
