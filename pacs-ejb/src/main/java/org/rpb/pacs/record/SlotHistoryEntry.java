package org.rpb.pacs.record;

import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * That a study filled a slot for a while.
 *
 * @param slotId           the slot
 * @param studyRecordId    the study record that filled it
 * @param studyInstanceUid that record's StudyInstanceUID
 * @param filledBy         who put it there
 * @param filledAt         when
 * @param replacedByRecord the record that replaced it, or {@code null} (still there, or the slot was emptied)
 * @param replacedAt       when it left the slot, or {@code null} while it is there
 */
public record SlotHistoryEntry(long slotId, long studyRecordId, String studyInstanceUid, String filledBy,
        LocalDateTime filledAt, Long replacedByRecord, LocalDateTime replacedAt) implements Serializable {
}
