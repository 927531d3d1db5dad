/**
 * DICOM study records: the studies the module created (upload, Study0 copy, project copy) or linked, with
 * their stage, their source (the record and UIDs they were made from), their series, and the upload slot
 * they fill; and the slot history (which study filled a slot when, by whom, replaced by which).
 *
 * <p>{@link org.rpb.pacs.record.StudyRecordService} answers only within the caller's active study and site:
 * an ID of another study's or site's record, subject, event or slot gives nothing.
 */
package org.rpb.pacs.record;
