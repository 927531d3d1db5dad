/**
 * RT structure vocabulary: the standard ROI names (in the style of AAPM TG-263, a bundled data file) and each
 * project's rules mapping site ROI names to them ({@link org.rpb.pacs.vocabulary.RoiMapping}), turned into
 * pacs-deident's {@link org.rpb.pacs.deident.rt.RoiVocabulary} for de-identification.
 */
package org.rpb.pacs.vocabulary;
