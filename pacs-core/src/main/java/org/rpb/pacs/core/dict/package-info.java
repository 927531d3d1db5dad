/**
 * The DICOM data dictionary (PS3.6, DICOM 2024b): {@link org.rpb.pacs.core.dict.Dictionary#standard()} looks up
 * {@link org.rpb.pacs.core.dict.DictionaryEntry entries} by tag or keyword; {@link org.rpb.pacs.core.dict.Tags}
 * holds constants for frequently used tags.
 */
package org.rpb.pacs.core.dict;
