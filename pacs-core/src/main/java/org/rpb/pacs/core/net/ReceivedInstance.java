package org.rpb.pacs.core.net;

import java.nio.file.Path;
import org.rpb.pacs.core.io.DicomFile;

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
 * @param parsed            the check's parse of {@code file} ({@link InstanceCheck#parse}: bulk data refers to
 *                          {@code file}), handed to the job that claimed the instance so that it need not parse it
 *                          again; null when the receiver did not keep it (an instance no job claimed). Whoever takes
 *                          the instance over owns it and may change it
 */
public record ReceivedInstance(Path file, String sopClassUid, String sopInstanceUid, String studyInstanceUid,
                               String seriesInstanceUid, String transferSyntaxUid, String callingAeTitle,
                               String calledAeTitle, String moveOriginatorAeTitle, int moveOriginatorMessageId,
                               DicomFile parsed) {

    /** An instance without a kept parse. */
    public ReceivedInstance(Path file, String sopClassUid, String sopInstanceUid, String studyInstanceUid,
                            String seriesInstanceUid, String transferSyntaxUid, String callingAeTitle,
                            String calledAeTitle, String moveOriginatorAeTitle, int moveOriginatorMessageId) {
        this(file, sopClassUid, sopInstanceUid, studyInstanceUid, seriesInstanceUid, transferSyntaxUid, callingAeTitle,
                calledAeTitle, moveOriginatorAeTitle, moveOriginatorMessageId, null);
    }

    /**
     * @param movedTo where {@link #file()} was moved (renamed, same content)
     * @return this instance at its new place, its parse's bulk data referring to it ({@link InstanceCheck#relocate})
     */
    public ReceivedInstance at(Path movedTo) {
        return new ReceivedInstance(movedTo, sopClassUid, sopInstanceUid, studyInstanceUid, seriesInstanceUid,
                transferSyntaxUid, callingAeTitle, calledAeTitle, moveOriginatorAeTitle, moveOriginatorMessageId,
                parsed == null ? null : InstanceCheck.relocate(parsed, movedTo));
    }

    /** @return the same instance without its parse (for a listener that keeps instances: bounded memory) */
    public ReceivedInstance withoutParse() {
        return parsed == null ? this : new ReceivedInstance(file, sopClassUid, sopInstanceUid, studyInstanceUid,
                seriesInstanceUid, transferSyntaxUid, callingAeTitle, calledAeTitle, moveOriginatorAeTitle,
                moveOriginatorMessageId);
    }
}
