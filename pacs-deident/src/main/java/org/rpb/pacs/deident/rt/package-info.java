/**
 * Radiotherapy: the reference graph check over a set of output files
 * ({@link org.rpb.pacs.deident.rt.ReferenceChecker}) and the ROI name vocabulary
 * ({@link org.rpb.pacs.deident.rt.RoiVocabulary}).
 */
package org.rpb.pacs.deident.rt;
