/**
 * Per-patient keyed date/time offsets ({@link org.rpb.pacs.deident.dates.DateOffset}) and the arithmetic that
 * shifts DA, TM and DT values with their precision kept ({@link org.rpb.pacs.deident.dates.DateShifter}).
 */
package org.rpb.pacs.deident.dates;
