package org.rpb.pacs.upload;

import java.io.IOException;

/** An upload went over one of its {@link UploadLimits}; the message says which, in words for the upload page. */
public class UploadLimitException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message which limit, and its value */
    public UploadLimitException(String message) {
        super(message);
    }
}
