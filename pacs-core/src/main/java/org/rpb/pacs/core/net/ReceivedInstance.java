package org.rpb.pacs.core.net;

import java.nio.file.Path;

/**
 * An instance that a receiver (C-STORE SCP or C-GET) has written completely, checked with the
 * pacs-core reader and moved to its final name.
 *
 * @param file              the Part 10 file in the spool folder
 * @param sopClassUid       SOP Class UID
 * @param sopInstanceUid    SOP Instance UID
 * @param studyInstanceUid  Study Instance UID ("" if absent)
 * @param seriesInstanceUid Series Instance UID ("" if absent)
 * @param transferSyntaxUid the transfer syntax it arrived in (kept as encoded)
 * @param callingAeTitle    the AE that sent it
 * @param calledAeTitle     our AE title it was sent to
 * @param moveOriginatorAeTitle  for a C-MOVE sub-operation, the AE that requested the move, else ""
 * @param moveOriginatorMessageId for a C-MOVE sub-operation, the Message ID of the C-MOVE request, else -1
 */
public record ReceivedInstance(Path file, String sopClassUid, String sopInstanceUid, String studyInstanceUid,
                               String seriesInstanceUid, String transferSyntaxUid, String callingAeTitle,
                               String calledAeTitle, String moveOriginatorAeTitle, int moveOriginatorMessageId) {
}
