package org.rpb.pacs.admin;

import java.io.Serializable;

/**
 * The outcome of one check of a PACS node.
 *
 * @param name    {@code C-ECHO} or {@code QIDO-RS}
 * @param success whether the node answered as expected
 * @param message what happened: the answer, or the exact failure (node, operation, reason, status)
 * @param millis  how long the check took
 */
public record ConnectionCheck(String name, boolean success, String message, long millis) implements Serializable {
}
