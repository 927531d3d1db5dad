package org.rpb.pacs.upload;

import java.io.Serializable;

/**
 * The result of one sanity check of an upload against its subject.
 *
 * @param blocking whether it stops the upload (otherwise the user is warned and may go on)
 * @param message  what is wrong, for the user
 */
public record Finding(boolean blocking, String message) implements Serializable {

    static Finding block(String message) {
        return new Finding(true, message);
    }

    static Finding warn(String message) {
        return new Finding(false, message);
    }
}
